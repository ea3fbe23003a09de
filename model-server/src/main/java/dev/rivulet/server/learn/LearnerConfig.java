package dev.rivulet.server.learn;

/**
 * Learner settings.
 *
 * @param optimizer AdamW settings
 * @param maxGradNorm global gradient-norm clip (ALGORITHMS.md: 1.0)
 * @param klBeta weight β of the k3 KL to a frozen reference policy (0 disables it)
 */
public record LearnerConfig(OptimizerConfig optimizer, double maxGradNorm, double klBeta) {

    /** Validates ranges. */
    public LearnerConfig {
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer config must be set");
        }
        if (!(maxGradNorm > 0) || !(klBeta >= 0)) {
            throw new IllegalArgumentException(
                    "need maxGradNorm > 0 and klBeta >= 0, got " + maxGradNorm + ", " + klBeta);
        }
    }

    /** Default AdamW, gradient clip 1.0, no KL. */
    public static LearnerConfig defaults() {
        return new LearnerConfig(OptimizerConfig.defaults(), 1.0, 0.0);
    }

    /** Copy with another learning rate. */
    public LearnerConfig withLearningRate(double lr) {
        return new LearnerConfig(optimizer.withLearningRate(lr), maxGradNorm, klBeta);
    }

    /** Copy with another KL weight. */
    public LearnerConfig withKlBeta(double beta) {
        return new LearnerConfig(optimizer, maxGradNorm, beta);
    }
}
