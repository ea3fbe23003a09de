package dev.rivulet.server.learn;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.List;

/**
 * How the learner steps: AdamW's settings, the global gradient-norm clip and the weight of the KL
 * to a frozen reference policy. Everything but the learning rate (a setting of its own) can be set
 * by key through {@link #from}.
 *
 * @param learningRate step size
 * @param beta1 first-moment decay
 * @param beta2 second-moment decay
 * @param epsilon denominator guard
 * @param weightDecay decoupled weight decay (applied to weight matrices only)
 * @param maxGradNorm global gradient-norm clip (ALGORITHMS.md: 1.0)
 * @param klBeta weight β of the k3 KL to a frozen reference policy at the first step (0 with a
 *     constant schedule disables it)
 * @param klSchedule how β moves from {@code klBeta} over the learner's steps
 */
public record OptimizerConfig(
        double learningRate,
        double beta1,
        double beta2,
        double epsilon,
        double weightDecay,
        double maxGradNorm,
        double klBeta,
        KlSchedule klSchedule) {

    /** AdamW β1, 0.9. */
    public static final OptionSpec BETA1 =
            OptionSpec.ofDouble("beta1", 0.9, "AdamW first-moment decay.").atLeast(0).below(1);

    /** AdamW β2, 0.999. */
    public static final OptionSpec BETA2 =
            OptionSpec.ofDouble("beta2", 0.999, "AdamW second-moment decay.").atLeast(0).below(1);

    /** AdamW ε, 1e-8. */
    public static final OptionSpec EPSILON =
            OptionSpec.ofDouble("epsilon", 1e-8, "AdamW denominator guard.").above(0);

    /** Decoupled weight decay, 0.01. */
    public static final OptionSpec WEIGHT_DECAY =
            OptionSpec.ofDouble(
                            "weight-decay",
                            0.01,
                            "AdamW decoupled weight decay of the weight matrices.")
                    .atLeast(0);

    /** Global gradient-norm clip, 1. */
    public static final OptionSpec MAX_GRAD_NORM =
            OptionSpec.ofDouble("max-grad-norm", 1.0, "Global gradient-norm clip.").above(0);

    /** KL-to-reference weight β, 0. */
    public static final OptionSpec KL_BETA =
            OptionSpec.ofDouble(
                            "kl-beta",
                            0.0,
                            "Weight of the k3 KL to the starting policy, frozen, at the first"
                                    + " step; 0 (with kl-schedule=constant) disables it.")
                    .atLeast(0);

    /** How β moves over learner steps, constant. */
    public static final OptionSpec KL_SCHEDULE =
            OptionSpec.ofEnum(
                    "kl-schedule",
                    KlSchedule.Kind.CONSTANT,
                    "How the KL weight moves: constant at kl-beta, or linear or cosine from kl-beta"
                            + " to kl-beta-end over kl-steps learner steps.");

    /** β after kl-steps steps of a linear or cosine schedule, 0. */
    public static final OptionSpec KL_BETA_END =
            OptionSpec.ofDouble(
                            "kl-beta-end",
                            0.0,
                            "KL weight reached after kl-steps steps (linear or cosine schedule"
                                    + " only).")
                    .atLeast(0);

    /** Learner steps of a linear or cosine schedule; required by them. */
    public static final OptionSpec KL_STEPS =
            OptionSpec.ofInt(
                            "kl-steps",
                            0,
                            "Learner steps from kl-beta to kl-beta-end; >= 1 with a linear or"
                                    + " cosine schedule.")
                    .atLeast(0);

    /** Every key {@link #from} understands. */
    public static final List<OptionSpec> OPTIONS =
            List.of(
                    BETA1,
                    BETA2,
                    EPSILON,
                    WEIGHT_DECAY,
                    MAX_GRAD_NORM,
                    KL_BETA,
                    KL_SCHEDULE,
                    KL_BETA_END,
                    KL_STEPS);

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
        if (!(maxGradNorm > 0) || !(klBeta >= 0)) {
            throw new IllegalArgumentException(
                    "need maxGradNorm > 0 and klBeta >= 0, got " + maxGradNorm + ", " + klBeta);
        }
        if (klSchedule == null) {
            throw new IllegalArgumentException("klSchedule must be set (KlSchedule.CONSTANT)");
        }
    }

    /** A config whose KL weight is constant. */
    public OptimizerConfig(
            double learningRate,
            double beta1,
            double beta2,
            double epsilon,
            double weightDecay,
            double maxGradNorm,
            double klBeta) {
        this(
                learningRate,
                beta1,
                beta2,
                epsilon,
                weightDecay,
                maxGradNorm,
                klBeta,
                KlSchedule.CONSTANT);
    }

    /** β of the k3 KL at learner step {@code step} (0 for the first update). */
    public double klBetaAt(long step) {
        return klSchedule.beta(klBeta, step);
    }

    /**
     * The config with {@code learningRate} and the given options, the others at their defaults.
     *
     * @throws IllegalArgumentException for an unknown key or a bad value, naming it; for {@code
     *     kl-beta-end} or {@code kl-steps} with a constant schedule (they would have no effect);
     *     for a linear or cosine schedule without {@code kl-steps}
     */
    public static OptimizerConfig from(double learningRate, StrategyOptions options) {
        OptionSpec.checkAll("optimizer", OPTIONS, options);
        KlSchedule.Kind kind = KL_SCHEDULE.enumValue(options, KlSchedule.Kind.class);
        if (kind == KlSchedule.Kind.CONSTANT) {
            for (OptionSpec unused : List.of(KL_BETA_END, KL_STEPS)) {
                if (options.get(unused.key()).isPresent()) {
                    throw new IllegalArgumentException(
                            "optimizer: option '"
                                    + unused.key()
                                    + "' needs kl-schedule=linear or cosine; the schedule is"
                                    + " constant");
                }
            }
        }
        KlSchedule schedule =
                kind == KlSchedule.Kind.CONSTANT
                        ? KlSchedule.CONSTANT
                        : new KlSchedule(
                                kind, KL_BETA_END.doubleValue(options), KL_STEPS.intValue(options));
        return new OptimizerConfig(
                learningRate,
                BETA1.doubleValue(options),
                BETA2.doubleValue(options),
                EPSILON.doubleValue(options),
                WEIGHT_DECAY.doubleValue(options),
                MAX_GRAD_NORM.doubleValue(options),
                KL_BETA.doubleValue(options),
                schedule);
    }

    /** Learning rate 2e-4, betas (0.9, 0.999), epsilon 1e-8, weight decay 0.01, clip 1, no KL. */
    public static OptimizerConfig defaults() {
        return from(2e-4, StrategyOptions.empty());
    }

    /** Copy with another learning rate. */
    public OptimizerConfig withLearningRate(double lr) {
        return new OptimizerConfig(
                lr, beta1, beta2, epsilon, weightDecay, maxGradNorm, klBeta, klSchedule);
    }

    /** Copy with another KL weight (at the first step). */
    public OptimizerConfig withKlBeta(double beta) {
        return new OptimizerConfig(
                learningRate, beta1, beta2, epsilon, weightDecay, maxGradNorm, beta, klSchedule);
    }

    /** Copy with another KL schedule. */
    public OptimizerConfig withKlSchedule(KlSchedule schedule) {
        return new OptimizerConfig(
                learningRate, beta1, beta2, epsilon, weightDecay, maxGradNorm, klBeta, schedule);
    }
}
