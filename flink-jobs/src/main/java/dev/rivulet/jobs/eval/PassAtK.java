package dev.rivulet.jobs.eval;

/**
 * The unbiased pass@k estimator of Chen et al. 2021 (the Codex paper): with {@code n} samples of
 * which {@code c} are correct, pass@k = 1 − C(n−c, k) / C(n, k), the chance that k samples drawn
 * without replacement from the n hold at least one correct one.
 */
public final class PassAtK {

    private PassAtK() {}

    /**
     * pass@k for one prompt, in the numerically stable product form 1 − ∏_{i=n−c+1}^{n} (1 − k/i)
     * (no binomial coefficient is formed, so large n cannot overflow).
     *
     * @param n samples drawn, at least 1
     * @param c correct samples, {@code 0 <= c <= n}
     * @param k samples the metric draws, {@code 1 <= k <= n}
     */
    public static double estimate(int n, int c, int k) {
        if (n < 1) {
            throw new IllegalArgumentException("pass@k needs n >= 1 samples, got n=" + n);
        }
        if (c < 0 || c > n) {
            throw new IllegalArgumentException(
                    "pass@k needs 0 <= c <= n correct samples, got c=" + c + " with n=" + n);
        }
        if (k < 1 || k > n) {
            throw new IllegalArgumentException(
                    "pass@k needs 1 <= k <= n, got k=" + k + " with n=" + n);
        }
        if (n - c < k) {
            return 1.0; // every draw of k holds a correct sample
        }
        double allWrong = 1.0;
        for (int i = n - c + 1; i <= n; i++) {
            allWrong *= 1.0 - (double) k / i;
        }
        return 1.0 - allWrong;
    }

    /** mean@k for one prompt: the share of its samples that are correct, c / n. */
    public static double mean(int n, int c) {
        if (n < 1 || c < 0 || c > n) {
            throw new IllegalArgumentException(
                    "mean@k needs n >= 1 and 0 <= c <= n, got n=" + n + ", c=" + c);
        }
        return (double) c / n;
    }
}
