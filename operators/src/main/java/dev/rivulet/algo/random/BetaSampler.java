package dev.rivulet.algo.random;

import java.util.random.RandomGenerator;

/** Draws Beta(a, b) variates as a ratio of Gamma variates sampled with Marsaglia–Tsang. */
public final class BetaSampler {

    private BetaSampler() {}

    /**
     * One draw from Beta(a, b); both shapes must be positive and finite.
     *
     * <p>Works in log space so that tiny shapes (a, b much below 1) do not underflow to 0/0.
     */
    public static double beta(double a, double b, RandomGenerator rng) {
        checkShape("a", a);
        checkShape("b", b);
        double logX = logGamma(a, rng);
        double logY = logGamma(b, rng);
        // x / (x + y) = 1 / (1 + exp(logY - logX))
        double d = logY - logX;
        if (d > 700) {
            return Math.exp(-d);
        }
        return 1.0 / (1.0 + Math.exp(d));
    }

    /** One draw from Gamma(shape, 1). */
    public static double gamma(double shape, RandomGenerator rng) {
        checkShape("shape", shape);
        return Math.exp(logGamma(shape, rng));
    }

    /**
     * The logarithm of one Gamma(shape, 1) draw; shapes below 1 use the boost {@code G(a) = G(a +
     * 1) * U^(1/a)}.
     */
    static double logGamma(double shape, RandomGenerator rng) {
        if (shape < 1.0) {
            double u = openUniform(rng);
            return Math.log(marsagliaTsang(shape + 1.0, rng)) + Math.log(u) / shape;
        }
        return Math.log(marsagliaTsang(shape, rng));
    }

    /** Marsaglia and Tsang (2000), "A simple method for generating gamma variables"; shape ≥ 1. */
    private static double marsagliaTsang(double shape, RandomGenerator rng) {
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x = rng.nextGaussian();
            double v = 1.0 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = openUniform(rng);
            double x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2) {
                return d * v;
            }
            if (Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    /** A uniform draw in (0, 1), never 0, so its logarithm is finite. */
    private static double openUniform(RandomGenerator rng) {
        double u;
        do {
            u = rng.nextDouble();
        } while (u <= 0.0);
        return u;
    }

    private static void checkShape(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(
                    "Beta/Gamma " + name + " must be positive and finite, got " + value);
        }
    }
}
