package dev.rivulet.algo.shape;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GRPO-λ's switch: a group whose correctness ratio is high gets the length-penalty reward 1 −
 * α·σ(z) for each correct sample (z its length standardised over the group's correct samples) and 0
 * for each wrong one; every other group keeps its 0/1 task reward.
 */
public final class LengthPenaltyShaper implements RewardShaper {

    /** The extra reward part: −α·σ(z) for a penalised sample, 0 for the others. */
    public static final String PART = "length-penalty";

    static final OptionSpec MIN_CORRECT_RATIO =
            OptionSpec.ofDouble(
                            "min-correct-ratio",
                            0.8,
                            "A group is length-penalised when its share of correct samples is at"
                                    + " least this; 0.8 = 1 - lambda for the paper's top-lambda"
                                    + " = 20% of a batch's groups (a per-visit shaper has no batch"
                                    + " to rank).")
                    .above(0)
                    .atMost(1);
    static final OptionSpec ALPHA =
            OptionSpec.ofDouble(
                            "alpha",
                            0.6,
                            "Length-penalty coefficient: a correct sample of a penalised group"
                                    + " gets 1 - alpha * sigmoid(z), z its length standardised over"
                                    + " the group's correct samples.")
                    .atLeast(0)
                    .atMost(1);

    /** A task reward at or above it counts as a correct answer (Rivulet's success threshold). */
    static final double CORRECT = 0.5;

    private final double minCorrectRatio;
    private final double alpha;

    /**
     * @param minCorrectRatio share of correct samples from which a group is length-penalised
     * @param alpha the penalty coefficient α
     */
    public LengthPenaltyShaper(double minCorrectRatio, double alpha) {
        if (!(minCorrectRatio > 0 && minCorrectRatio <= 1)) {
            throw new IllegalArgumentException(
                    "min-correct-ratio must be in (0, 1], got " + minCorrectRatio);
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        }
        this.minCorrectRatio = minCorrectRatio;
        this.alpha = alpha;
    }

    @Override
    public ShapedRewards shape(ShapingGroup group) {
        int n = group.size();
        double[] task = group.taskRewards();
        int correct = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (task[i] >= CORRECT) {
                correct++;
                sum += group.sample(i).length();
            }
        }
        if (correct == 0 || (double) correct / n < minCorrectRatio) {
            return withZeroParts(task);
        }
        double mean = sum / correct;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            if (task[i] >= CORRECT) {
                double d = group.sample(i).length() - mean;
                squares += d * d;
            }
        }
        double std = Math.sqrt(squares / correct);
        double[] r = new double[n];
        List<Map<String, Double>> parts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (task[i] >= CORRECT) {
                // equal lengths (or one correct sample): z = 0, every correct one gets 1 − α/2
                double z = std > 0 ? (group.sample(i).length() - mean) / std : 0.0;
                double penalty = alpha / (1 + Math.exp(-z));
                r[i] = 1 - penalty;
                parts.add(Map.of(PART, -penalty));
            } else {
                r[i] = 0.0;
                parts.add(Map.of(PART, 0.0));
            }
        }
        return new ShapedRewards(r, parts);
    }

    private static ShapedRewards withZeroParts(double[] task) {
        List<Map<String, Double>> parts = new ArrayList<>(task.length);
        for (int i = 0; i < task.length; i++) {
            parts.add(Map.of(PART, 0.0));
        }
        return new ShapedRewards(task, parts);
    }

    /** Registers {@code length-penalty}. */
    public static final class Factory implements RewardShaperFactory {
        @Override
        public String id() {
            return "length-penalty";
        }

        @Override
        public String description() {
            return "GRPO-lambda: groups with a high correctness ratio get 1 - alpha*sigmoid(z) for"
                    + " correct samples (z = standardised length) and 0 for wrong ones; others keep"
                    + " 0/1.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(MIN_CORRECT_RATIO, ALPHA);
        }

        @Override
        public RewardShaper create(StrategyOptions options) {
            return new LengthPenaltyShaper(
                    MIN_CORRECT_RATIO.doubleValue(options), ALPHA.doubleValue(options));
        }
    }
}
