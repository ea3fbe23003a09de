package dev.rivulet.tools.bench;

/**
 * The simulated learning curve of {@code bench fleet}: the probability that a {@link
 * SimulatedGenerator} answers a prompt correctly at a policy version, as a function of the
 * learner's progress at that version,
 *
 * <pre>accuracy(progress) = start + (end - start) * (1 - exp(-progress / scale))</pre>
 *
 * where progress is the staleness-weighted count of rollouts trained up to that version (see {@link
 * SimulatedLearner}): a rollout trained {@code s} versions after the one that generated it counts
 * {@code stalenessDiscount^s}, so off-policy data is worth less. Used only by benchmarks.
 *
 * @param start accuracy before any training, in [0, 1)
 * @param end accuracy approached with unbounded training, in (start, 1]
 * @param scale weighted rollouts for 63% of the way from start to end, {@code > 0}
 * @param stalenessDiscount what one version of staleness leaves of a rollout's worth, in (0, 1]
 */
public record LearningCurve(double start, double end, double scale, double stalenessDiscount) {

    public LearningCurve {
        if (!(start >= 0 && start < end && end <= 1)) {
            throw new IllegalArgumentException(
                    "a learning curve needs 0 <= start < end <= 1, got start "
                            + start
                            + ", end "
                            + end);
        }
        if (!(scale > 0)) {
            throw new IllegalArgumentException("scale must be > 0 rollouts, got " + scale);
        }
        if (!(stalenessDiscount > 0 && stalenessDiscount <= 1)) {
            throw new IllegalArgumentException(
                    "the staleness discount must be in (0, 1], got " + stalenessDiscount);
        }
    }

    /**
     * 0.1 rising to 0.9, 63% of the way after 12 000 weighted rollouts; a version of staleness
     * costs 10% of a rollout's worth.
     */
    public static LearningCurve defaults() {
        return new LearningCurve(0.1, 0.9, 12_000, 0.9);
    }

    /** What a rollout trained {@code staleness} versions after its own counts towards progress. */
    public double weight(long staleness) {
        return Math.pow(stalenessDiscount, Math.max(0, staleness));
    }

    /** The probability of a correct answer after {@code progress} weighted rollouts. */
    public double accuracy(double progress) {
        return start + (end - start) * (1 - Math.exp(-Math.max(0, progress) / scale));
    }

    /**
     * The weighted rollouts needed to reach {@code target}.
     *
     * @throws IllegalArgumentException when the curve never reaches it
     */
    public double progressFor(double target) {
        if (!(target > start && target < end)) {
            throw new IllegalArgumentException(
                    "target accuracy "
                            + target
                            + " is not between the curve's start "
                            + start
                            + " and end "
                            + end);
        }
        return -scale * Math.log(1 - (target - start) / (end - start));
    }
}
