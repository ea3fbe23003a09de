package dev.rivulet.algo.track;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.List;

/**
 * Knapsack RL's p̂: the mean of the last visit when it had at least L binarised rewards, else the
 * mean of the last L rewards; valid once enough rewards were seen. With {@code rewards=fractional}
 * each reward is clipped to [0, 1] and kept as it is instead of binarised (for shaped rewards such
 * as partial credit).
 */
public final class RewardHistoryTracker implements ValueTracker {

    static final OptionSpec WINDOW =
            OptionSpec.ofInt("window", 16, "L: how many recent rewards to keep.").atLeast(1);
    static final OptionSpec MIN_REWARDS =
            OptionSpec.ofInt("min-rewards", 8, "Rewards seen before the estimate is valid.")
                    .atLeast(0);
    static final OptionSpec THRESHOLD =
            OptionSpec.ofDouble(
                    "success-threshold",
                    0.5,
                    "A reward at or above it counts as a success (rewards=binary only).");
    static final OptionSpec REWARDS =
            OptionSpec.ofEnum(
                    "rewards",
                    "binary",
                    List.of("binary", "fractional"),
                    "binary: a reward at or above success-threshold counts 1, else 0 (Knapsack RL);"
                            + " fractional: each reward clipped to [0, 1] counts as it is (shaped"
                            + " rewards: partial credit, length penalties).");

    private final int window;
    private final int minRewards;
    private final double threshold;
    private final boolean fractional;

    /**
     * Binarising tracker.
     *
     * @param window L, how many recent rewards to keep (16)
     * @param minRewards rewards needed before p̂ is valid (8)
     * @param threshold a reward at or above it counts as a success (0.5)
     */
    public RewardHistoryTracker(int window, int minRewards, double threshold) {
        this(window, minRewards, threshold, false);
    }

    /**
     * @param window L, how many recent rewards to keep (16)
     * @param minRewards rewards needed before p̂ is valid (8)
     * @param threshold a reward at or above it counts as a success (0.5), when not fractional
     * @param fractional true to keep each reward clipped to [0, 1] instead of binarising it
     */
    public RewardHistoryTracker(int window, int minRewards, double threshold, boolean fractional) {
        if (window < 1 || minRewards < 0) {
            throw new IllegalArgumentException(
                    "window must be >= 1 and min-rewards >= 0, got " + window + ", " + minRewards);
        }
        this.window = window;
        this.minRewards = minRewards;
        this.threshold = threshold;
        this.fractional = fractional;
    }

    /** No prior: invalid and NaN; a prior of N samples counts as a first visit of N rewards. */
    @Override
    public TrackerState initial(int priorSuccesses, int priorSamples) {
        Rewards.checkPrior(priorSuccesses, priorSamples);
        TrackerState empty =
                new TrackerState(
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        minRewards == 0,
                        0,
                        -1,
                        TrackerState.NONE,
                        0,
                        Double.NaN);
        if (priorSamples == 0) {
            return empty;
        }
        double[] prior = new double[priorSamples];
        for (int i = 0; i < priorSuccesses; i++) {
            prior[i] = 1.0;
        }
        return update(empty, Observation.of(prior));
    }

    @Override
    public TrackerState update(TrackerState state, Observation observation) {
        int n = observation.size();
        if (n == 0) {
            return state;
        }
        double[] old = state.recent();
        int keepOld = Math.max(0, Math.min(old.length, window - n));
        int fresh = Math.min(n, window);
        double[] recent = new double[keepOld + fresh];
        System.arraycopy(old, old.length - keepOld, recent, 0, keepOld);
        double visitSum = 0;
        for (int i = 0; i < n; i++) {
            double r = observation.reward(i);
            double b = fractional ? Rewards.clipUnit(r) : (r >= threshold ? 1.0 : 0.0);
            visitSum += b;
            if (i >= n - fresh) {
                recent[keepOld + i - (n - fresh)] = b;
            }
        }
        double visitMean = visitSum / n;
        double value;
        if (n >= window) {
            value = visitMean;
        } else {
            double s = 0;
            for (double v : recent) {
                s += v;
            }
            value = s / recent.length;
        }
        long seen = state.seen() + n;
        return new TrackerState(
                Double.NaN,
                Double.NaN,
                value,
                seen >= minRewards,
                seen,
                state.lastStep(),
                recent,
                n,
                visitMean);
    }

    /** Registers {@code reward-history}. */
    public static final class Factory implements ValueTrackerFactory {
        @Override
        public String id() {
            return "reward-history";
        }

        @Override
        public String description() {
            return "Knapsack RL's success rate from the last 16 binarised rewards, valid after 8.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(WINDOW, MIN_REWARDS, THRESHOLD, REWARDS);
        }

        @Override
        public ValueTracker create(StrategyOptions options) {
            boolean fractional = REWARDS.stringValue(options).equals("fractional");
            if (fractional && options.get(THRESHOLD.key()).isPresent()) {
                throw new IllegalArgumentException(
                        "option 'success-threshold' only applies with rewards=binary");
            }
            return new RewardHistoryTracker(
                    WINDOW.intValue(options),
                    MIN_REWARDS.intValue(options),
                    THRESHOLD.doubleValue(options),
                    fractional);
        }
    }
}
