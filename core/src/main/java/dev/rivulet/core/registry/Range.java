package dev.rivulet.core.registry;

/**
 * An interval of allowed numeric option values; each end is open or closed, and infinite ends mean
 * no bound.
 *
 * @param lo lower end ({@code -Infinity} for none)
 * @param loClosed whether {@code lo} itself is allowed
 * @param hi upper end ({@code Infinity} for none)
 * @param hiClosed whether {@code hi} itself is allowed
 */
public record Range(double lo, boolean loClosed, double hi, boolean hiClosed) {

    /** Every value. */
    public static final Range ANY =
            new Range(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false);

    /** Fails on a NaN end or an empty interval. */
    public Range {
        if (Double.isNaN(lo) || Double.isNaN(hi) || lo > hi) {
            throw new IllegalArgumentException("bad range ends " + lo + ", " + hi);
        }
    }

    /** Whether {@code v} lies in the interval. */
    public boolean contains(double v) {
        boolean aboveLo = loClosed ? v >= lo : v > lo;
        boolean belowHi = hiClosed ? v <= hi : v < hi;
        return aboveLo && belowHi;
    }

    /** True when the range bounds nothing. */
    public boolean isAny() {
        return Double.isInfinite(lo) && Double.isInfinite(hi);
    }

    Range withLo(double v, boolean closed) {
        return new Range(v, closed, hi, hiClosed);
    }

    Range withHi(double v, boolean closed) {
        return new Range(lo, loClosed, v, closed);
    }

    /** Interval notation, for example {@code [0, 1)} or {@code (0, inf)}. */
    @Override
    public String toString() {
        return (loClosed ? "[" : "(") + end(lo) + ", " + end(hi) + (hiClosed ? "]" : ")");
    }

    private static String end(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return OptionSpec.format(v);
    }
}
