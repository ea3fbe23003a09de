package dev.rivulet.tools.compare;

import java.util.List;

/**
 * One arm's curves over seeds on a common x grid: each seed's (rollouts, accuracy) points
 * interpolated linearly between its evaluations, then the mean, minimum and maximum over seeds at
 * each grid point. The grid runs evenly from the first evaluation to the earliest last evaluation,
 * so every seed contributes to every point.
 *
 * @param x grid of rollouts
 * @param mean mean over seeds at each x
 * @param min smallest seed value at each x
 * @param max largest seed value at each x
 */
public record SeedBand(double[] x, double[] mean, double[] min, double[] max) {

    /** The band of {@code curves} (each a list of (x, y) points sorted by x) on {@code points}. */
    public static SeedBand of(List<List<double[]>> curves, int points) {
        if (points < 2) {
            throw new IllegalArgumentException(
                    "a band needs at least 2 grid points, got " + points);
        }
        List<List<double[]>> seeds = curves.stream().filter(c -> !c.isEmpty()).toList();
        if (seeds.isEmpty()) {
            return new SeedBand(new double[0], new double[0], new double[0], new double[0]);
        }
        double from = seeds.stream().mapToDouble(c -> c.get(0)[0]).max().orElseThrow();
        double to = seeds.stream().mapToDouble(c -> c.get(c.size() - 1)[0]).min().orElseThrow();
        int n = to > from ? points : 1;
        double[] x = new double[n];
        double[] mean = new double[n];
        double[] min = new double[n];
        double[] max = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = n == 1 ? from : from + (to - from) * i / (n - 1);
            min[i] = Double.POSITIVE_INFINITY;
            max[i] = Double.NEGATIVE_INFINITY;
            for (List<double[]> c : seeds) {
                double y = at(c, x[i]);
                mean[i] += y / seeds.size();
                min[i] = Math.min(min[i], y);
                max[i] = Math.max(max[i], y);
            }
        }
        return new SeedBand(x, mean, min, max);
    }

    /** The curve's value at x, linear between the points around it, flat beyond its ends. */
    static double at(List<double[]> curve, double x) {
        if (x <= curve.get(0)[0]) {
            return curve.get(0)[1];
        }
        for (int i = 1; i < curve.size(); i++) {
            double[] a = curve.get(i - 1);
            double[] b = curve.get(i);
            if (x <= b[0]) {
                return b[0] == a[0] ? b[1] : a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]);
            }
        }
        return curve.get(curve.size() - 1)[1];
    }
}
