package dev.rivulet.server.learn;

/**
 * AdamW settings.
 *
 * @param learningRate step size
 * @param beta1 first-moment decay
 * @param beta2 second-moment decay
 * @param epsilon denominator guard
 * @param weightDecay decoupled weight decay (applied to weight matrices only)
 */
public record OptimizerConfig(
        double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {

    /** Validates ranges. */
    public OptimizerConfig {
        if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException(
                    "need learningRate > 0 and betas in [0, 1), got "
                            + learningRate
                            + ", "
                            + beta1
                            + ", "
                            + beta2);
        }
        if (!(epsilon > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException(
                    "need epsilon > 0 and weightDecay >= 0, got " + epsilon + ", " + weightDecay);
        }
    }

    /** Learning rate 2e-4, betas (0.9, 0.999), epsilon 1e-8, weight decay 0.01. */
    public static OptimizerConfig defaults() {
        return new OptimizerConfig(2e-4, 0.9, 0.999, 1e-8, 0.01);
    }

    /** Copy with another learning rate. */
    public OptimizerConfig withLearningRate(double lr) {
        return new OptimizerConfig(lr, beta1, beta2, epsilon, weightDecay);
    }
}
