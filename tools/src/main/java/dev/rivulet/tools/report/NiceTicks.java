package dev.rivulet.tools.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Axis ticks on a 1-2-5 grid: the smallest step of the form {1, 2, 5} × 10^k that puts at most
 * {@code maxTicks} of its multiples inside the range (0..0.63 gives 0, 0.1, …, 0.6; 0..41 000 gives
 * 0, 10 000, …, 40 000).
 *
 * @param lo first tick (the smallest multiple of step at or above the range's minimum)
 * @param hi last tick (the largest multiple of step at or below the range's maximum)
 * @param step distance between ticks
 */
public record NiceTicks(double lo, double hi, double step) {

    /** How many ticks an axis gets at most unless asked otherwise. */
    public static final int DEFAULT_MAX_TICKS = 8;

    public NiceTicks {
        if (!(step > 0) || !Double.isFinite(lo) || !Double.isFinite(hi) || hi < lo) {
            throw new IllegalArgumentException(
                    "ticks need lo <= hi and step > 0, got " + lo + ".." + hi + " by " + step);
        }
    }

    /**
     * Ticks inside [min, max]; a zero-width range is widened by one power of ten on each side
     * (callers draw the axis over the same widened range, see {@link #widen}).
     */
    public static NiceTicks of(double min, double max, int maxTicks) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || max < min) {
            throw new IllegalArgumentException("no tick range for " + min + ".." + max);
        }
        if (maxTicks < 3) {
            throw new IllegalArgumentException("maxTicks must be at least 3, got " + maxTicks);
        }
        if (max == min) {
            double[] w = widen(min, max);
            min = w[0];
            max = w[1];
        }
        double raw = (max - min) / (maxTicks - 1);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m = mag / 10; ; m *= 10) {
            for (double f : new double[] {1, 2, 5}) {
                double step = f * m;
                double lo = Math.ceil(min / step - 1e-9) * step;
                double hi = Math.floor(max / step + 1e-9) * step;
                if (Math.round((hi - lo) / step) + 1 <= maxTicks) {
                    return new NiceTicks(clean(lo, step), clean(hi, step), step);
                }
            }
        }
    }

    /** A zero-width range [v, v] widened to [v - 10^k, v + 10^k] (k from v); others as given. */
    public static double[] widen(double min, double max) {
        if (max != min) {
            return new double[] {min, max};
        }
        double half = min == 0 ? 1 : Math.pow(10, Math.floor(Math.log10(Math.abs(min))));
        return new double[] {min - half, max + half};
    }

    /** Ticks with at most {@link #DEFAULT_MAX_TICKS} values. */
    public static NiceTicks of(double min, double max) {
        return of(min, max, DEFAULT_MAX_TICKS);
    }

    /** The tick values from lo to hi. */
    public List<Double> values() {
        List<Double> out = new ArrayList<>();
        long n = Math.round((hi - lo) / step);
        for (long i = 0; i <= n; i++) {
            out.add(clean(lo + i * step, step));
        }
        return out;
    }

    /**
     * A tick's label with as many decimals as the step needs: 0.1 steps print {@code 0.3}, 0.02
     * steps {@code 0.34}; steps of a thousand or more print thousands as {@code k} ({@code 15k}).
     */
    public String label(double v) {
        if (step >= 1000 && Math.max(Math.abs(lo), Math.abs(hi)) >= 1000) {
            if (v == 0) {
                return "0";
            }
            double k = v / 1000;
            return trim(String.format(Locale.ROOT, "%." + decimals(step / 1000) + "f", k)) + "k";
        }
        return String.format(Locale.ROOT, "%." + decimals(step) + "f", v);
    }

    private static int decimals(double step) {
        return (int) Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
    }

    private static String trim(String s) {
        return s.equals("-0") ? "0" : s;
    }

    /** Removes the float noise of lo + i × step (0.30000000000000004 → 0.3). */
    private static double clean(double v, double step) {
        int k = 3 - (int) Math.floor(Math.log10(step));
        double scale = Math.pow(10, Math.abs(k));
        // dividing a whole number by a power of ten rounds to the nearest double (0.58, not
        // 0.5800000000000001 as multiplying by 1e-5 would)
        double r = k > 0 ? Math.round(v * scale) / scale : Math.round(v / scale) * scale;
        return r == 0 ? 0.0 : r;
    }
}
