package dev.rivulet.server.model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The Hugging Face decoder configuration (config.json) of a llama, qwen2 or qwen3 policy.
 *
 * @param family the architecture ({@code model_type})
 * @param vocabSize number of token ids ({@code vocab_size})
 * @param hiddenSize residual width ({@code hidden_size})
 * @param intermediateSize SwiGLU MLP width ({@code intermediate_size})
 * @param layers decoder layers ({@code num_hidden_layers})
 * @param heads query heads ({@code num_attention_heads})
 * @param kvHeads key/value heads ({@code num_key_value_heads}); divides {@code heads}
 * @param headDim width of one head ({@code head_dim}, default hidden / heads)
 * @param ropeTheta RoPE base ({@code rope_theta})
 * @param ropeScaling null (default RoPE) or a supported {@code rope_scaling}
 * @param rmsNormEps RMSNorm epsilon ({@code rms_norm_eps})
 * @param tieWordEmbeddings whether the output head is the token embedding
 * @param attentionBias whether q/k/v projections have biases (always for qwen2; for llama and qwen3
 *     {@code attention_bias}, which also puts a bias on o_proj)
 * @param contextLength longest sequence the policy accepts ({@code max_position_embeddings})
 */
public record PolicyConfig(
        ModelFamily family,
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int layers,
        int heads,
        int kvHeads,
        int headDim,
        double ropeTheta,
        RopeScaling ropeScaling,
        double rmsNormEps,
        boolean tieWordEmbeddings,
        boolean attentionBias,
        int contextLength) {

    /** Validates the shape. */
    public PolicyConfig {
        require(family != null, "family (model_type) is required");
        require(vocabSize > 0, "vocab_size must be > 0, got " + vocabSize);
        require(hiddenSize > 0, "hidden_size must be > 0, got " + hiddenSize);
        require(intermediateSize > 0, "intermediate_size must be > 0, got " + intermediateSize);
        require(layers > 0, "num_hidden_layers must be > 0, got " + layers);
        require(heads > 0, "num_attention_heads must be > 0, got " + heads);
        require(
                kvHeads > 0 && heads % kvHeads == 0,
                "num_key_value_heads " + kvHeads + " must divide num_attention_heads " + heads);
        require(headDim > 0 && headDim % 2 == 0, "head_dim must be even and > 0, got " + headDim);
        require(ropeTheta > 0, "rope_theta must be > 0, got " + ropeTheta);
        require(rmsNormEps > 0, "rms_norm_eps must be > 0, got " + rmsNormEps);
        require(contextLength > 1, "max_position_embeddings must be > 1, got " + contextLength);
        require(
                family != ModelFamily.QWEN2 || attentionBias,
                "qwen2 always has q/k/v biases (attentionBias must be true)");
    }

    /** Tiny qwen3-style model for unit tests: hidden 32, 2 layers, 4 heads / 2 kv of 8, ctx 16. */
    public static PolicyConfig tiny(int vocabSize) {
        return qwen3(vocabSize, 32, 96, 2, 4, 2, 8, 16);
    }

    /** Default demo model: hidden 128, 3 layers, 4 heads / 2 kv of 32, MLP 384, context 64. */
    public static PolicyConfig small(int vocabSize) {
        return qwen3(vocabSize, 128, 384, 3, 4, 2, 32, 64);
    }

    /** Longer-context demo model: hidden 128, 4 layers, 4 heads / 2 kv of 32, context 128. */
    public static PolicyConfig medium(int vocabSize) {
        return qwen3(vocabSize, 128, 384, 4, 4, 2, 32, 128);
    }

    /**
     * The shape of Qwen3-0.6B (28 layers, hidden 1024, 16 query and 8 key/value heads of 128, MLP
     * 3072, vocabulary 151 936, tied, θ 1e6, context 40 960): about 0.6 B parameters.
     */
    public static PolicyConfig qwen3_0_6b() {
        return new PolicyConfig(
                ModelFamily.QWEN3,
                151936,
                1024,
                3072,
                28,
                16,
                8,
                128,
                1e6,
                null,
                1e-6,
                true,
                false,
                40960);
    }

    private static PolicyConfig qwen3(
            int vocab, int hidden, int mlp, int layers, int heads, int kv, int hd, int ctx) {
        return new PolicyConfig(
                ModelFamily.QWEN3,
                vocab,
                hidden,
                mlp,
                layers,
                heads,
                kv,
                hd,
                10000.0,
                null,
                1e-6,
                true,
                false,
                ctx);
    }

    /** Reads a config.json; an error names the bad or unsupported field. */
    public static PolicyConfig readJson(Path configJson) throws IOException {
        return ConfigJson.read(configJson);
    }

    /** Writes a config.json that transformers loads (torch_dtype float32). */
    public void writeJson(Path configJson) throws IOException {
        ConfigJson.write(this, configJson);
    }

    /** Whether each head's queries and keys are RMS-normalised before RoPE (qwen3). */
    public boolean qkNorm() {
        return family == ModelFamily.QWEN3;
    }

    /** Whether o_proj has a bias (llama and qwen3 with attention_bias). */
    public boolean outputBias() {
        return attentionBias && family != ModelFamily.QWEN2;
    }

    /**
     * RoPE inverse frequencies (headDim / 2) as transformers computes them: θ^(-2i/headDim), then
     * the {@code rope_scaling} adjustment.
     */
    public float[] inverseFrequencies() {
        double[] f = new double[headDim / 2];
        for (int i = 0; i < f.length; i++) {
            f[i] = 1.0 / Math.pow(ropeTheta, (2.0 * i) / headDim);
        }
        if (ropeScaling != null) {
            f = ropeScaling.apply(f);
        }
        float[] out = new float[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = (float) f[i];
        }
        return out;
    }

    /** Number of trainable scalars (a tied head counts once). */
    public long parameterCount() {
        long d = hiddenSize;
        long q = (long) heads * headDim;
        long kv = (long) kvHeads * headDim;
        long attn = d * q + 2 * d * kv + q * d;
        if (attentionBias) {
            attn += q + 2 * kv;
        }
        if (outputBias()) {
            attn += d;
        }
        if (qkNorm()) {
            attn += 2L * headDim;
        }
        long perLayer = attn + 3 * d * intermediateSize + 2 * d;
        long embed = (long) vocabSize * d;
        return embed + layers * perLayer + d + (tieWordEmbeddings ? 0 : embed);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("PolicyConfig: " + message);
        }
    }
}
