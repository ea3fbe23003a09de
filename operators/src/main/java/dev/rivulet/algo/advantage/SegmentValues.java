package dev.rivulet.algo.advantage;

import java.util.Arrays;

/**
 * The Monte Carlo values of one response's cut points: V(c_k) is the mean reward of the
 * continuations generated from the prompt plus the response's tokens 0..c_k.
 *
 * @param cuts cut positions, strictly ascending, each in [0, T − 2]
 * @param values the value of each cut (same length)
 */
public record SegmentValues(int[] cuts, double[] values) {

    /** A response that was not segmented: one segment from the prompt to its end. */
    public static final SegmentValues NONE = new SegmentValues(new int[0], new double[0]);

    public SegmentValues {
        if (cuts.length != values.length) {
            throw new IllegalArgumentException(
                    "got " + cuts.length + " cuts but " + values.length + " values; one per cut");
        }
        for (int k = 1; k < cuts.length; k++) {
            if (cuts[k] <= cuts[k - 1]) {
                throw new IllegalArgumentException(
                        "cuts must be strictly ascending, got " + Arrays.toString(cuts));
            }
        }
        cuts = cuts.clone();
        values = values.clone();
    }

    @Override
    public int[] cuts() {
        return cuts.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    /** How many cuts. */
    public int size() {
        return cuts.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SegmentValues s
                && Arrays.equals(cuts, s.cuts)
                && Arrays.equals(values, s.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(cuts) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "SegmentValues[cuts="
                + Arrays.toString(cuts)
                + ", values="
                + Arrays.toString(values)
                + "]";
    }
}
