package dev.rivulet.algo.advantage;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * DisCO's discriminative weights: each reward is binarised at {@code success-threshold} (r ≥ it is
 * a positive), then a positive gets A = 1/n⁺ and a negative A = −1/n⁻, so Σ A_i·s_i is the mean
 * score of the positives minus the mean score of the negatives (DisCO-b's objective for one
 * question). A group without a positive or without a negative, and a group of one, gets all zeros.
 *
 * <p>{@link AdvantageResult#allEqual()} is true when every binarised label is the same (the groups
 * that carry no signal here, so dynamic sampling drops them), which for 0/1 rewards is the same as
 * every reward being equal.
 */
public final class DiscoAdvantage implements AdvantageEstimator {

    /** The binarisation threshold; 0.5, the {@code reward-history} tracker's. */
    static final OptionSpec SUCCESS_THRESHOLD =
            OptionSpec.ofDouble(
                    "success-threshold",
                    0.5,
                    "A reward at or above it is a positive answer, below it a negative (the"
                            + " authors' rewards are 0/1; 0.5 is the reward-history tracker's"
                            + " threshold).");

    private final double threshold;

    public DiscoAdvantage(double threshold) {
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException(
                    "success-threshold must be finite, got " + threshold);
        }
        this.threshold = threshold;
    }

    @Override
    public boolean needsGroup() {
        return true;
    }

    @Override
    public AdvantageResult estimate(AdvantageInput input, RandomGenerator rng) {
        double[] r = input.rewards();
        double[] a = new double[r.length];
        int positives = 0;
        for (double v : r) {
            if (v >= threshold) {
                positives++;
            }
        }
        int negatives = r.length - positives;
        if (positives > 0 && negatives > 0) {
            for (int i = 0; i < r.length; i++) {
                a[i] = r[i] >= threshold ? 1.0 / positives : -1.0 / negatives;
            }
        }
        int nonZero = positives > 0 && negatives > 0 ? r.length : 0;
        double meanReward = r.length == 0 ? Double.NaN : GroupMath.mean(r);
        boolean oneSided = positives == 0 || negatives == 0;
        return new AdvantageResult(a, oneSided, nonZero, 0, 0, meanReward);
    }

    /** Registers {@code disco}. */
    public static final class Factory implements AdvantageEstimatorFactory {
        @Override
        public String id() {
            return "disco";
        }

        @Override
        public String description() {
            return "DisCO: binarised rewards, positives 1/n+, negatives -1/n-; one-sided groups"
                    + " get 0 (pair with the disco loss).";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(SUCCESS_THRESHOLD);
        }

        @Override
        public AdvantageEstimator create(StrategyOptions options) {
            return new DiscoAdvantage(SUCCESS_THRESHOLD.doubleValue(options));
        }
    }
}
