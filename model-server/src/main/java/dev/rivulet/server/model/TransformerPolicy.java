package dev.rivulet.server.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A llama / qwen2 / qwen3 decoder (token embedding, pre-norm layers of RoPE grouped-query attention
 * and a SwiGLU MLP with RMSNorm, final norm, tied or separate head) held as raw DJL NDArrays named
 * as in Hugging Face checkpoints.
 */
public final class TransformerPolicy implements AutoCloseable {

    private static final NDIndex LAST = new NDIndex(":, -1, :");

    private final PolicyConfig config;
    private final NDManager manager;
    private final List<ParamSpec> layout;
    private final List<String> names = new ArrayList<>();
    private final List<NDArray> params = new ArrayList<>();
    private final boolean trainable;
    private final List<LayerWeights> layers = new ArrayList<>();
    private NDArray embedTokens;
    private NDArray finalNorm;
    private NDArray head;
    private NDArray invFreq;

    private TransformerPolicy(PolicyConfig config, boolean trainable) {
        this.config = config;
        this.trainable = trainable;
        this.layout = ParamSpec.layout(config);
        this.manager = Engines.newManager();
    }

    /** A freshly initialised policy drawn from {@code seed} (see {@link Initializer}). */
    public static TransformerPolicy create(PolicyConfig config, long seed) {
        return create(config, seed, true);
    }

    /**
     * A freshly initialised policy drawn from {@code seed}; one that is not {@code trainable}
     * records no gradients (a generator's).
     */
    public static TransformerPolicy create(PolicyConfig config, long seed, boolean trainable) {
        Initializer init = new Initializer(config, seed);
        return buildInMemory(config, trainable, (i, s) -> direct(init.values(i)));
    }

    /** A trainable policy whose parameters come from {@code source} (e.g. a checkpoint). */
    public static TransformerPolicy fromWeights(PolicyConfig config, WeightSource source)
            throws IOException {
        return fromWeights(config, source, true);
    }

    /**
     * A policy whose parameters come from {@code source}; one that is not {@code trainable} records
     * no gradients.
     */
    public static TransformerPolicy fromWeights(
            PolicyConfig config, WeightSource source, boolean trainable) throws IOException {
        return build(config, trainable, (i, s) -> source.floats(s));
    }

    /** Supplies parameter {@code i}, in layout order. */
    private interface IndexedSource {
        ByteBuffer floats(int i, ParamSpec spec) throws IOException;
    }

    private static TransformerPolicy buildInMemory(
            PolicyConfig config, boolean trainable, IndexedSource source) {
        try {
            return build(config, trainable, source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TransformerPolicy build(
            PolicyConfig config, boolean trainable, IndexedSource source) throws IOException {
        TransformerPolicy p = new TransformerPolicy(config, trainable);
        try {
            for (int i = 0; i < p.layout.size(); i++) {
                ParamSpec s = p.layout.get(i);
                ByteBuffer values = source.floats(i, s);
                if (values.capacity() != s.numel() * 4) {
                    throw new IllegalArgumentException(
                            "parameter "
                                    + s.name()
                                    + " needs "
                                    + s.numel()
                                    + " values, got "
                                    + values.capacity() / 4);
                }
                p.add(s.name(), new Shape(s.shape()), values);
            }
            p.wire();
            return p;
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /** A copy with the same weights; a frozen copy (a reference policy) records no gradients. */
    public TransformerPolicy copy(boolean frozen) {
        float[][] values = exportParameters();
        return buildInMemory(config, !frozen, (i, s) -> direct(values[i]));
    }

    private static ByteBuffer direct(float[] values) {
        ByteBuffer buf =
                ByteBuffer.allocateDirect(values.length * 4).order(ByteOrder.nativeOrder());
        buf.asFloatBuffer().put(values);
        return buf;
    }

    private void add(String name, Shape shape, ByteBuffer values) {
        NDArray a = Engines.ownedCopy(manager.create(values, shape, DataType.FLOAT32));
        a.setName(name);
        if (trainable) {
            a.setRequiresGradient(true);
        }
        names.add(name);
        params.add(a);
    }

    private void wire() {
        Map<String, NDArray> byName = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            byName.put(names.get(i), params.get(i));
        }
        embedTokens = byName.get("model.embed_tokens.weight");
        finalNorm = byName.get("model.norm.weight");
        head = config.tieWordEmbeddings() ? embedTokens : byName.get("lm_head.weight");
        for (int l = 0; l < config.layers(); l++) {
            layers.add(LayerWeights.of(byName, l));
        }
        float[] f = config.inverseFrequencies();
        invFreq = Engines.ownedCopy(manager.create(f, new Shape(f.length)));
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

    /** Bytes the parameter arrays hold (on the model's device). */
    public long parameterBytes() {
        return Engines.bytes(params);
    }

    /** Checkpoint tensor names, same order as {@link #parameters()}. */
    public List<String> parameterNames() {
        return Collections.unmodifiableList(names);
    }

    /** Names, shapes and roles, same order as {@link #parameters()}. */
    public List<ParamSpec> layout() {
        return layout;
    }

    /** Whether AdamW applies weight decay to parameter {@code i} (projection matrices only). */
    public boolean decays(int i) {
        ParamSpec.Kind k = layout.get(i).kind();
        return k == ParamSpec.Kind.MATRIX || k == ParamSpec.Kind.RESIDUAL_MATRIX;
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
     * Logits (batch, t, vocab) for ids (batch, t) at the given positions (batch or 1, t) under an
     * additive attention bias (batch or 1, 1, t, s); with a cache, keys and values are appended to
     * it and attention covers every filled slot. Results live in the manager of {@code ids}.
     */
    public NDArray logits(NDArray ids, NDArray positions, NDArray bias, KvCache cache) {
        return DecoderOps.linear(hidden(ids, positions, bias, cache), head, null);
    }

    /** Like {@link #logits} but only at the last position: (batch, vocab). */
    public NDArray lastLogits(NDArray ids, NDArray positions, NDArray bias, KvCache cache) {
        NDArray last = hidden(ids, positions, bias, cache).get(LAST);
        return DecoderOps.linear(last, head, null);
    }

    /** The final-normed hidden states (batch, t, hidden). */
    public NDArray hidden(NDArray ids, NDArray positions, NDArray bias, KvCache cache) {
        long batch = ids.getShape().get(0);
        long t = ids.getShape().get(1);
        int hd = config.headDim();
        float eps = (float) config.rmsNormEps();
        double scale = 1.0 / Math.sqrt(hd);
        NDManager scope = ids.getManager();
        NDArray x = DecoderOps.embed(ids, embedTokens);
        NDArray[] rot = DecoderOps.rotary(positions, invFreq);
        for (int l = 0; l < layers.size(); l++) {
            LayerWeights w = layers.get(l);
            NDArray h = DecoderOps.rmsNorm(x, w.inputNorm(), eps);
            NDArray q = DecoderOps.linear(h, w.q(), w.qBias()).reshape(batch, t, -1, hd);
            NDArray k = DecoderOps.linear(h, w.k(), w.kBias()).reshape(batch, t, -1, hd);
            NDArray v = DecoderOps.linear(h, w.v(), w.vBias()).reshape(batch, t, -1, hd);
            if (config.qkNorm()) {
                q = DecoderOps.rmsNorm(q, w.qNorm(), eps);
                k = DecoderOps.rmsNorm(k, w.kNorm(), eps);
            }
            q = DecoderOps.applyRope(q.transpose(0, 2, 1, 3), rot[0], rot[1]);
            k = DecoderOps.applyRope(k.transpose(0, 2, 1, 3), rot[0], rot[1]);
            v = v.transpose(0, 2, 1, 3);
            if (cache != null) {
                NDArray[] kv = cache.write(scope, l, k, v);
                k = kv[0];
                v = kv[1];
            }
            NDArray y = DecoderOps.attention(q, k, v, bias, scale);
            x = x.add(DecoderOps.linear(y, w.o(), w.oBias()));
            h = DecoderOps.rmsNorm(x, w.postNorm(), eps);
            x = x.add(DecoderOps.swiGlu(h, w.gate(), w.up(), w.down()));
        }
        if (cache != null) {
            cache.advance(t);
        }
        return DecoderOps.rmsNorm(x, finalNorm, eps);
    }

    /**
     * Teacher-forced scores of a batch: per-position log-prob of the target token and the entropy
     * of the next-token distribution, both (rows, width) float32, created in {@code m}.
     */
    public TokenScores score(NDManager m, SequenceBatch batch) {
        return score(m, batch, false);
    }

    /**
     * Teacher-forced scores of a batch, with the entropy carrying gradient when {@code
     * entropyGradient} (an entropy term in the loss; this keeps the full-vocabulary distribution
     * for the backward pass), detached otherwise.
     */
    public TokenScores score(NDManager m, SequenceBatch batch, boolean entropyGradient) {
        return score(m, batch, entropyGradient, false);
    }

    /**
     * Teacher-forced scores of a batch; with {@code keepDistribution} the full (rows, positions,
     * vocabulary) log-probabilities come back too, with their gradient (for a loss term over the
     * whole next-token distribution).
     */
    public TokenScores score(
            NDManager m, SequenceBatch batch, boolean entropyGradient, boolean keepDistribution) {
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
        NDArray entropy = TokenScores.entropy(entropyGradient ? logProbs : logProbs.stopGradient());
        return new TokenScores(logp, entropy, keepDistribution ? logProbs : null);
    }

    /**
     * Teacher-forced log-probs of each response given its prompt, one array per row, without
     * recording gradients (what the server's score and {@code bin/rivulet logprobs} report).
     */
    public List<float[]> responseLogprobs(List<int[]> prompts, List<int[]> responses, int padId) {
        SequenceBatch sb = SequenceBatch.of(prompts, responses, padId);
        float[] logp;
        Engines.noGradOnThisThread();
        try (NDManager m = Engines.newManager()) {
            logp = score(m, sb).logp().toFloatArray();
        }
        List<float[]> out = new ArrayList<>(responses.size());
        for (int r = 0; r < responses.size(); r++) {
            int from = r * sb.width() + sb.responseStart(r);
            out.add(Arrays.copyOfRange(logp, from, from + responses.get(r).length));
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
