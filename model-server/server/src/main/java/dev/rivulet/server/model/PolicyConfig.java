package dev.rivulet.server.model;

/**
 * Shape of a decoder-only transformer policy.
 *
 * @param vocabSize number of token ids (must match the tokenizer)
 * @param dModel embedding width
 * @param layers number of transformer blocks
 * @param heads attention heads per block ({@code dModel} must be divisible by it)
 * @param contextLength longest sequence (prompt + response) the policy accepts
 * @param mlpRatio hidden width of the MLP as a multiple of {@code dModel}
 * @param dropout dropout probability; only 0 is supported (RL needs exact log-probs)
 */
public record PolicyConfig(
        int vocabSize,
        int dModel,
        int layers,
        int heads,
        int contextLength,
        int mlpRatio,
        double dropout) {

    /** Validates the shape. */
    public PolicyConfig {
        require(vocabSize > 3, "vocabSize must be > 3, got " + vocabSize);
        require(dModel > 0, "dModel must be > 0, got " + dModel);
        require(layers > 0, "layers must be > 0, got " + layers);
        require(
                heads > 0 && dModel % heads == 0,
                "dModel " + dModel + " not divisible by heads " + heads);
        require(contextLength > 1, "contextLength must be > 1, got " + contextLength);
        require(mlpRatio > 0, "mlpRatio must be > 0, got " + mlpRatio);
        require(dropout == 0.0, "only dropout 0 is supported, got " + dropout);
    }

    /** Tiny model for unit tests: d 32, 2 layers, 2 heads, context 16. */
    public static PolicyConfig tiny(int vocabSize) {
        return new PolicyConfig(vocabSize, 32, 2, 2, 16, 4, 0.0);
    }

    /** Default demo model: d 128, 3 layers, 4 heads, context 64 (about 0.6M parameters). */
    public static PolicyConfig small(int vocabSize) {
        return new PolicyConfig(vocabSize, 128, 3, 4, 64, 4, 0.0);
    }

    /** Longer-context model: d 128, 4 layers, 4 heads, context 128 (about 0.8M parameters). */
    public static PolicyConfig medium(int vocabSize) {
        return new PolicyConfig(vocabSize, 128, 4, 4, 128, 4, 0.0);
    }

    /** Width of one attention head. */
    public int headDim() {
        return dModel / heads;
    }

    /** Number of trainable scalars. */
    public long parameterCount() {
        long d = dModel;
        long h = (long) mlpRatio * dModel;
        long perLayer =
                2 * d + (3 * d * d + 3 * d) + (d * d + d) + 2 * d + (h * d + h) + (d * h + d);
        return (long) vocabSize * d
                + (long) contextLength * d
                + layers * perLayer
                + 2 * d
                + vocabSize * d;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("PolicyConfig: " + message);
        }
    }
}
