package dev.rivulet.server.pretrain;

/**
 * Supervised warm-up settings.
 *
 * @param epochs passes over the data
 * @param batchSize pairs per step
 * @param learningRate AdamW learning rate
 * @param weightDecay AdamW weight decay
 * @param seed shuffling seed
 */
public record PretrainConfig(
        int epochs, int batchSize, double learningRate, double weightDecay, long seed) {

    /** Validates ranges. */
    public PretrainConfig {
        if (epochs < 1 || batchSize < 1 || !(learningRate > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException(
                    "need epochs >= 1, batchSize >= 1, learningRate > 0, weightDecay >= 0; got "
                            + epochs
                            + ", "
                            + batchSize
                            + ", "
                            + learningRate
                            + ", "
                            + weightDecay);
        }
    }

    /** 10 epochs, batch 128, learning rate 1e-3, weight decay 0.01, seed 0. */
    public static PretrainConfig defaults() {
        return new PretrainConfig(10, 128, 1e-3, 0.01, 0);
    }
}
