package dev.rivulet.server.model;

import java.util.ArrayList;
import java.util.List;

/**
 * One parameter tensor of a policy: its checkpoint name, shape and role.
 *
 * @param name the Hugging Face checkpoint name, e.g. {@code model.layers.0.self_attn.q_proj.weight}
 * @param shape the dimensions (out, in) for projections
 * @param kind what the tensor is (decides initialisation and weight decay)
 */
public record ParamSpec(String name, long[] shape, Kind kind) {

    /** Roles of parameters. */
    public enum Kind {
        /** The token embedding (also the head when tied). */
        EMBEDDING,
        /** A projection matrix (decayed). */
        MATRIX,
        /** A projection matrix writing into the residual stream (o_proj, down_proj; decayed). */
        RESIDUAL_MATRIX,
        /** A bias vector. */
        BIAS,
        /** An RMSNorm weight. */
        NORM
    }

    /** Number of elements. */
    public long numel() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** Every parameter of {@code c} in the order transformers lists them. */
    public static List<ParamSpec> layout(PolicyConfig c) {
        List<ParamSpec> out = new ArrayList<>();
        long d = c.hiddenSize();
        long q = (long) c.heads() * c.headDim();
        long kv = (long) c.kvHeads() * c.headDim();
        long mlp = c.intermediateSize();
        out.add(new ParamSpec("model.embed_tokens.weight", dims(c.vocabSize(), d), Kind.EMBEDDING));
        for (int l = 0; l < c.layers(); l++) {
            String p = "model.layers." + l + ".";
            String a = p + "self_attn.";
            out.add(new ParamSpec(a + "q_proj.weight", dims(q, d), Kind.MATRIX));
            if (c.attentionBias()) {
                out.add(new ParamSpec(a + "q_proj.bias", dims(q), Kind.BIAS));
            }
            out.add(new ParamSpec(a + "k_proj.weight", dims(kv, d), Kind.MATRIX));
            if (c.attentionBias()) {
                out.add(new ParamSpec(a + "k_proj.bias", dims(kv), Kind.BIAS));
            }
            out.add(new ParamSpec(a + "v_proj.weight", dims(kv, d), Kind.MATRIX));
            if (c.attentionBias()) {
                out.add(new ParamSpec(a + "v_proj.bias", dims(kv), Kind.BIAS));
            }
            out.add(new ParamSpec(a + "o_proj.weight", dims(d, q), Kind.RESIDUAL_MATRIX));
            if (c.outputBias()) {
                out.add(new ParamSpec(a + "o_proj.bias", dims(d), Kind.BIAS));
            }
            if (c.qkNorm()) {
                out.add(new ParamSpec(a + "q_norm.weight", dims(c.headDim()), Kind.NORM));
                out.add(new ParamSpec(a + "k_norm.weight", dims(c.headDim()), Kind.NORM));
            }
            out.add(new ParamSpec(p + "mlp.gate_proj.weight", dims(mlp, d), Kind.MATRIX));
            out.add(new ParamSpec(p + "mlp.up_proj.weight", dims(mlp, d), Kind.MATRIX));
            out.add(new ParamSpec(p + "mlp.down_proj.weight", dims(d, mlp), Kind.RESIDUAL_MATRIX));
            out.add(new ParamSpec(p + "input_layernorm.weight", dims(d), Kind.NORM));
            out.add(new ParamSpec(p + "post_attention_layernorm.weight", dims(d), Kind.NORM));
        }
        out.add(new ParamSpec("model.norm.weight", dims(d), Kind.NORM));
        if (!c.tieWordEmbeddings()) {
            out.add(new ParamSpec("lm_head.weight", dims(c.vocabSize(), d), Kind.MATRIX));
        }
        return out;
    }

    private static long[] dims(long... d) {
        return d;
    }
}
