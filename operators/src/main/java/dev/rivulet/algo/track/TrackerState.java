package dev.rivulet.algo.track;

import java.util.Arrays;

/**
 * The per-prompt state of every value tracker, made of primitives and a {@code double[]} so that
 * Flink's record serializer stores it in RocksDB without Kryo; fields a tracker does not use hold
 * NaN, 0 or an empty array.
 *
 * @param alpha Beta posterior α (beta-kl, beta-decay); NaN when the tracker has none
 * @param beta Beta posterior β (beta-kl, beta-decay); NaN when the tracker has none
 * @param value the estimate v̂ / p̂ as of {@code lastStep}
 * @param valid whether {@code value} may be used (reward-history needs enough rewards)
 * @param seen how many rewards the tracker has consumed
 * @param lastStep the step of the last update (beta-decay's lazy decay); -1 before the first
 * @param recent the last rewards, oldest first (reward-history); empty for other trackers
 * @param lastVisitCount how many rewards the last visit had (reward-history)
 * @param lastVisitMean the mean binarised reward of the last visit (reward-history); NaN before
 */
public record TrackerState(
        double alpha,
        double beta,
        double value,
        boolean valid,
        long seen,
        long lastStep,
        double[] recent,
        int lastVisitCount,
        double lastVisitMean) {

    static final double[] NONE = new double[0];

    public TrackerState {
        recent = recent == null ? NONE : recent.clone();
    }

    /** A state holding only a Beta posterior and its mean. */
    static TrackerState ofBeta(double alpha, double beta, long seen, long lastStep) {
        return new TrackerState(
                alpha, beta, alpha / (alpha + beta), true, seen, lastStep, NONE, 0, Double.NaN);
    }

    @Override
    public double[] recent() {
        return recent.clone();
    }

    /** True when this state carries Beta parameters. */
    public boolean hasBeta() {
        return !Double.isNaN(alpha) && !Double.isNaN(beta);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrackerState s
                && Double.compare(alpha, s.alpha) == 0
                && Double.compare(beta, s.beta) == 0
                && Double.compare(value, s.value) == 0
                && valid == s.valid
                && seen == s.seen
                && lastStep == s.lastStep
                && Arrays.equals(recent, s.recent)
                && lastVisitCount == s.lastVisitCount
                && Double.compare(lastVisitMean, s.lastVisitMean) == 0;
    }

    @Override
    public int hashCode() {
        int h = Double.hashCode(alpha);
        h = 31 * h + Double.hashCode(beta);
        h = 31 * h + Double.hashCode(value);
        h = 31 * h + Long.hashCode(seen);
        h = 31 * h + Long.hashCode(lastStep);
        h = 31 * h + Arrays.hashCode(recent);
        return 31 * h + lastVisitCount;
    }

    @Override
    public String toString() {
        return "TrackerState[alpha="
                + alpha
                + ", beta="
                + beta
                + ", value="
                + value
                + ", valid="
                + valid
                + ", seen="
                + seen
                + ", lastStep="
                + lastStep
                + ", recent="
                + Arrays.toString(recent)
                + ", lastVisitCount="
                + lastVisitCount
                + ", lastVisitMean="
                + lastVisitMean
                + "]";
    }
}
