package dev.rivulet.tools.compare;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The ratio of two arms' median rollouts-to-target (arm / baseline) with a percentile bootstrap 95%
 * interval: each resample draws each arm's seeds with replacement, independently of the other arm,
 * and takes the ratio of the two medians. A run that never reached the target enters with its whole
 * budget and is marked censored: its true value is larger, so a median over such runs is a lower
 * bound, and the ratio is {@link Bound#AT_LEAST} (arm censored), {@link Bound#AT_MOST} (baseline
 * censored) or {@link Bound#UNKNOWN} (both).
 */
public final class RatioBootstrap {

    /** Resamples the compare uses. */
    public static final int RESAMPLES = 2000;

    /** Seed of the resampling, fixed so that a compare's figures are reproducible. */
    public static final long SEED = 20261205L;

    /** What a ratio computed with censored runs is. */
    public enum Bound {
        /** No run was censored: the ratio is the estimate. */
        EXACT,
        /** Some arm runs never reached the target: the true ratio is at least this. */
        AT_LEAST,
        /** Some baseline runs never reached the target: the true ratio is at most this. */
        AT_MOST,
        /** Both sides had censored runs: the direction of the error is unknown. */
        UNKNOWN
    }

    /**
     * Rollouts-to-target of one arm's seeds.
     *
     * @param values rollouts to the target per seed; a censored seed's whole budget
     * @param censored per seed, whether it never reached the target
     */
    public record Sample(double[] values, boolean[] censored) {
        public Sample {
            if (values.length == 0 || values.length != censored.length) {
                throw new IllegalArgumentException(
                        "a sample needs one censoring flag per value and at least one value, got "
                                + values.length
                                + " values and "
                                + censored.length
                                + " flags");
            }
            values = values.clone();
            censored = censored.clone();
        }

        boolean anyCensored() {
            for (boolean c : censored) {
                if (c) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The ratio and its interval; {@code point}, {@code lo} and {@code hi} are NaN when the
     * baseline's median is 0 (the target at or below the base accuracy).
     *
     * @param point median(arm) / median(baseline)
     * @param lo 2.5th percentile of the resampled ratios
     * @param hi 97.5th percentile of the resampled ratios
     * @param bound what censoring makes of the ratio
     */
    public record Ratio(double point, double lo, double hi, Bound bound) {}

    private RatioBootstrap() {}

    /** The ratio of {@code arm} to {@code baseline} with {@link #RESAMPLES} and {@link #SEED}. */
    public static Ratio ratio(Sample arm, Sample baseline) {
        return ratio(arm, baseline, RESAMPLES, SEED);
    }

    /** The ratio of {@code arm} to {@code baseline} from {@code resamples} bootstrap draws. */
    public static Ratio ratio(Sample arm, Sample baseline, int resamples, long seed) {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
        }
        Bound bound =
                arm.anyCensored()
                        ? (baseline.anyCensored() ? Bound.UNKNOWN : Bound.AT_LEAST)
                        : (baseline.anyCensored() ? Bound.AT_MOST : Bound.EXACT);
        double den = median(baseline.values());
        if (den == 0) {
            return new Ratio(Double.NaN, Double.NaN, Double.NaN, bound);
        }
        double point = median(arm.values()) / den;
        SplittableRandom random = new SplittableRandom(seed);
        double[] ratios = new double[resamples];
        double[] a = new double[arm.values().length];
        double[] b = new double[baseline.values().length];
        for (int r = 0; r < resamples; r++) {
            draw(arm.values(), a, random);
            draw(baseline.values(), b, random);
            ratios[r] = median(a) / median(b);
        }
        Arrays.sort(ratios);
        return new Ratio(point, percentile(ratios, 0.025), percentile(ratios, 0.975), bound);
    }

    /**
     * A difference of medians and its percentile bootstrap 95% interval.
     *
     * @param point median(arm) − median(baseline)
     * @param lo 2.5th percentile of the resampled differences
     * @param hi 97.5th percentile of the resampled differences
     */
    public record Difference(double point, double lo, double hi) {}

    /**
     * median(arm) − median(baseline) of uncensored values (final accuracies), resampling each
     * side's seeds with replacement {@link #RESAMPLES} times from {@link #SEED}.
     */
    public static Difference difference(double[] arm, double[] baseline) {
        if (arm.length == 0 || baseline.length == 0) {
            return new Difference(Double.NaN, Double.NaN, Double.NaN);
        }
        SplittableRandom random = new SplittableRandom(SEED);
        double[] diffs = new double[RESAMPLES];
        double[] a = new double[arm.length];
        double[] b = new double[baseline.length];
        for (int r = 0; r < RESAMPLES; r++) {
            draw(arm, a, random);
            draw(baseline, b, random);
            diffs[r] = median(a) - median(b);
        }
        Arrays.sort(diffs);
        return new Difference(
                median(arm) - median(baseline), percentile(diffs, 0.025), percentile(diffs, 0.975));
    }

    private static void draw(double[] from, double[] into, SplittableRandom random) {
        for (int i = 0; i < into.length; i++) {
            into[i] = from[random.nextInt(from.length)];
        }
    }

    /** Median, the mean of the two middle values for an even count. */
    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The q-quantile of sorted values, linear between order statistics (R's type 7). */
    static double percentile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int i = (int) Math.floor(h);
        if (i + 1 >= sorted.length) {
            return sorted[sorted.length - 1];
        }
        double lo = sorted[i];
        double hi = sorted[i + 1];
        return lo == hi ? lo : lo + (h - i) * (hi - lo);
    }
}
