package dev.rivulet.algo.allocate;

/**
 * Two-sided critical values of Student's t distribution with integer degrees of freedom, from the
 * closed-form distribution function A(t | ν) = P(|T| ≤ t) (Abramowitz and Stegun 26.7.3–26.7.4)
 * inverted by bisection.
 */
final class StudentT {

    private StudentT() {}

    /**
     * P(|T| ≤ t) for ν degrees of freedom: with θ = atan(t/√ν), 2θ/π for ν = 1; (2/π)(θ + sinθ cosθ
     * (1 + Σ_{k=1}^{(ν−3)/2} Π_{j≤k} 2j/(2j+1) cos^{2k}θ)) for odd ν ≥ 3; sinθ (1 +
     * Σ_{k=1}^{(ν−2)/2} Π_{j≤k} (2j−1)/(2j) cos^{2k}θ) for even ν.
     */
    static double centralProbability(double t, int df) {
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom must be >= 1, got " + df);
        }
        if (t <= 0) {
            return 0;
        }
        double theta = Math.atan(t / Math.sqrt(df));
        double c2 = Math.cos(theta) * Math.cos(theta);
        if (df % 2 == 1) {
            if (df == 1) {
                return 2 * theta / Math.PI;
            }
            double term = 1;
            double sum = 1;
            for (int j = 1; j <= (df - 3) / 2; j++) {
                term *= c2 * (2.0 * j) / (2.0 * j + 1);
                sum += term;
            }
            return 2 / Math.PI * (theta + Math.sin(theta) * Math.cos(theta) * sum);
        }
        double term = 1;
        double sum = 1;
        for (int j = 1; j <= (df - 2) / 2; j++) {
            term *= c2 * (2.0 * j - 1) / (2.0 * j);
            sum += term;
        }
        return Math.sin(theta) * sum;
    }

    /** t_{1−α/2, ν}: the t with P(|T| ≤ t) = {@code confidence} (= 1 − α). */
    static double critical(double confidence, int df) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
        double lo = 0;
        double hi = 1;
        while (centralProbability(hi, df) < confidence) {
            lo = hi;
            hi *= 2;
        }
        for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
            double mid = (lo + hi) / 2;
            if (centralProbability(mid, df) < confidence) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }
}
