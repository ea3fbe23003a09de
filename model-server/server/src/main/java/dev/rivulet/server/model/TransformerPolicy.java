package dev.rivulet.server.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Decoder-only transformer (token + learned position embeddings, pre-norm blocks with causal
 * self-attention and a GELU MLP, final norm, untied output head) held as raw DJL NDArrays.
 */
public final class TransformerPolicy implements AutoCloseable {

    private static final int PER_LAYER = 12;
    private static final float LN_EPS = 1e-5f;

    private final PolicyConfig config;
    private final NDManager manager;
    private final List<String> names = new ArrayList<>();
    private final List<NDArray> params = new ArrayList<>();
    private final boolean trainable;

    private TransformerPolicy(PolicyConfig config, boolean trainable) {
        this.config = config;
        this.trainable = trainable;
        this.manager = Engines.newManager();
    }

    /**
     * A freshly initialised policy: weights N(0, 0.02) (residual projections scaled by
     * 1/sqrt(2·layers)), zero biases, unit norms; drawn from {@code seed} in Java so the same seed
     * gives the same weights everywhere.
     */
    public static TransformerPolicy create(PolicyConfig config, long seed) {
        TransformerPolicy p = new TransformerPolicy(config, true);
        Random rnd = new Random(seed);
        int d = config.dModel();
        int h = config.mlpRatio() * d;
        double std = 0.02;
        double residStd = std / Math.sqrt(2.0 * config.layers());
        p.add(
                "tok_emb",
                new Shape(config.vocabSize(), d),
                normal(rnd, config.vocabSize() * d, std));
        p.add(
                "pos_emb",
                new Shape(config.contextLength(), d),
                normal(rnd, config.contextLength() * d, std));
        for (int l = 0; l < config.layers(); l++) {
            String b = "h" + l + ".";
            p.add(b + "ln1.g", new Shape(d), fill(d, 1f));
            p.add(b + "ln1.b", new Shape(d), new float[d]);
            p.add(b + "attn.wqkv", new Shape(3 * d, d), normal(rnd, 3 * d * d, std));
            p.add(b + "attn.bqkv", new Shape(3 * d), new float[3 * d]);
            p.add(b + "attn.wo", new Shape(d, d), normal(rnd, d * d, residStd));
            p.add(b + "attn.bo", new Shape(d), new float[d]);
            p.add(b + "ln2.g", new Shape(d), fill(d, 1f));
            p.add(b + "ln2.b", new Shape(d), new float[d]);
            p.add(b + "mlp.w1", new Shape(h, d), normal(rnd, h * d, std));
            p.add(b + "mlp.b1", new Shape(h), new float[h]);
            p.add(b + "mlp.w2", new Shape(d, h), normal(rnd, d * h, residStd));
            p.add(b + "mlp.b2", new Shape(d), new float[d]);
        }
        p.add("lnf.g", new Shape(d), fill(d, 1f));
        p.add("lnf.b", new Shape(d), new float[d]);
        p.add("head.w", new Shape(config.vocabSize(), d), normal(rnd, config.vocabSize() * d, std));
        return p;
    }

    /** A copy with the same weights; a frozen copy (a reference policy) records no gradients. */
    public TransformerPolicy copy(boolean frozen) {
        TransformerPolicy p = new TransformerPolicy(config, !frozen);
        float[][] values = exportParameters();
        for (int i = 0; i < params.size(); i++) {
            p.add(names.get(i), params.get(i).getShape(), values[i]);
        }
        return p;
    }

    private void add(String name, Shape shape, float[] values) {
        NDArray a = manager.create(values, shape);
        a.setName(name);
        if (trainable) {
            a.setRequiresGradient(true);
        }
        names.add(name);
        params.add(a);
    }

    /** The shape of this policy. */
    public PolicyConfig config() {
        return config;
    }

    /** Whether the parameters record gradients. */
    public boolean trainable() {
        return trainable;
    }

    /** The live parameter arrays in a fixed order (the optimizer updates them in place). */
    public List<NDArray> parameters() {
        return Collections.unmodifiableList(params);
    }

    /** Parameter names, same order as {@link #parameters()}. */
    public List<String> parameterNames() {
        return Collections.unmodifiableList(names);
    }

    /**
     * Whether AdamW applies weight decay to parameter {@code i} (matrices only, not embeddings).
     */
    public boolean decays(int i) {
        String n = names.get(i);
        return n.endsWith(".wqkv")
                || n.endsWith(".wo")
                || n.endsWith(".w1")
                || n.endsWith(".w2")
                || n.equals("head.w");
    }

    /** Copies every parameter to a Java float array (same order as {@link #parameters()}). */
    public float[][] exportParameters() {
        float[][] out = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            out[i] = params.get(i).toFloatArray();
        }
        return out;
    }

    /** Overwrites every parameter in place with the given values (bit-exact). */
    public void importParameters(float[][] values) {
        if (values.length != params.size()) {
            throw new IllegalArgumentException(
                    "expected " + params.size() + " parameter arrays, got " + values.length);
        }
        for (int i = 0; i < params.size(); i++) {
            if (values[i].length != params.get(i).size()) {
                throw new IllegalArgumentException(
                        "parameter "
                                + names.get(i)
                                + " has "
                                + params.get(i).size()
                                + " values, got "
                                + values[i].length);
            }
        }
        Engines.noGradOnThisThread();
        for (int i = 0; i < params.size(); i++) {
            Engines.copyInto(params.get(i), values[i]);
        }
    }

    /** Clears accumulated gradients of every parameter. */
    public void zeroGradients() {
        if (!trainable) {
            return;
        }
        for (NDArray p : params) {
            JniUtils.zeroGrad((PtNDArray) p);
        }
    }

    /**
     * Logits (batch, t, vocab) for ids (batch, t) at the given positions (batch, t) under an
     * additive attention bias (batch or 1, 1, t, s); with a cache, keys and values are appended to
     * it and attention covers every filled slot. Results live in the manager of {@code ids}.
     */
    public NDArray logits(NDArray ids, NDArray positions, NDArray bias, KvCache cache) {
        NDManager scope = ids.getManager();
        long batch = ids.getShape().get(0);
        long t = ids.getShape().get(1);
        int d = config.dModel();
        int heads = config.heads();
        int hd = config.headDim();
        NDArray x = embed(ids, params.get(0)).add(embed(positions, params.get(1)));
        double scale = 1.0 / Math.sqrt(hd);
        for (int l = 0; l < config.layers(); l++) {
            int o = 2 + l * PER_LAYER;
            NDArray h = layerNorm(x, params.get(o), params.get(o + 1));
            NDArray qkv = linear(h, params.get(o + 2), params.get(o + 3));
            NDList split = qkv.split(3, 2);
            NDArray q = heads(split.get(0), batch, t, heads, hd);
            NDArray k = heads(split.get(1), batch, t, heads, hd);
            NDArray v = heads(split.get(2), batch, t, heads, hd);
            if (cache != null) {
                NDArray[] kv = cache.write(scope, l, k, v);
                k = kv[0];
                v = kv[1];
            }
            NDArray att = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale).add(bias).softmax(-1);
            NDArray y = att.matMul(v).transpose(0, 2, 1, 3).reshape(batch, t, d);
            x = x.add(linear(y, params.get(o + 4), params.get(o + 5)));
            NDArray m = layerNorm(x, params.get(o + 6), params.get(o + 7));
            m = Activation.gelu(linear(m, params.get(o + 8), params.get(o + 9)));
            x = x.add(linear(m, params.get(o + 10), params.get(o + 11)));
        }
        if (cache != null) {
            cache.advance(t);
        }
        int f = 2 + config.layers() * PER_LAYER;
        NDArray out = layerNorm(x, params.get(f), params.get(f + 1));
        return linear(out, params.get(f + 2), null);
    }

    /**
     * Teacher-forced scores of a batch: per-position log-prob of the target token and the entropy
     * of the next-token distribution, both (rows, width) float32, created in {@code m}.
     */
    public TokenScores score(NDManager m, SequenceBatch batch) {
        if (batch.width() > config.contextLength()) {
            throw new IllegalArgumentException(
                    "sequence of "
                            + (batch.width() + 1)
                            + " tokens exceeds context "
                            + config.contextLength());
        }
        NDArray ids = batch.inputs(m);
        int w = batch.width();
        long[] pos = new long[w];
        for (int i = 0; i < w; i++) {
            pos[i] = i;
        }
        NDArray positions = m.create(pos, new Shape(1, w));
        NDArray logits = logits(ids, positions, AttentionMask.causal(m, w), null);
        NDArray logProbs = logits.logSoftmax(-1);
        NDArray targets = batch.targets(m).expandDims(-1);
        NDArray logp = logProbs.gather(targets, 2).squeeze(2);
        NDArray detached = logProbs.stopGradient();
        NDArray entropy = detached.exp().mul(detached).sum(new int[] {2}).neg();
        return new TokenScores(logp, entropy);
    }

    private static NDArray embed(NDArray ids, NDArray table) {
        return ids.getNDArrayInternal()
                .embedding(ids, table, SparseFormat.DENSE)
                .singletonOrThrow();
    }

    private static NDArray layerNorm(NDArray x, NDArray g, NDArray b) {
        return x.getNDArrayInternal()
                .layerNorm(x, new Shape(g.getShape().get(0)), g, b, LN_EPS)
                .singletonOrThrow();
    }

    private static NDArray linear(NDArray x, NDArray w, NDArray b) {
        return x.getNDArrayInternal().linear(x, w, b).singletonOrThrow();
    }

    private static NDArray heads(NDArray x, long batch, long t, int heads, int hd) {
        return x.reshape(batch, t, heads, hd).transpose(0, 2, 1, 3);
    }

    private static float[] normal(Random rnd, int n, double std) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (rnd.nextGaussian() * std);
        }
        return out;
    }

    private static float[] fill(int n, float v) {
        float[] out = new float[n];
        Arrays.fill(out, v);
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
