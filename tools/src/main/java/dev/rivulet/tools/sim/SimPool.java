package dev.rivulet.tools.sim;

import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/** The simulated prompts: ids, true success probabilities and Bernoulli rewards. */
public final class SimPool {

    private final double[] p;
    private final List<String> ids;

    /** A pool with these true probabilities (copied); prompt i is named {@code q<i>}. */
    public SimPool(double[] p) {
        this.p = p.clone();
        for (double x : p) {
            if (!(x >= 0 && x <= 1)) {
                throw new IllegalArgumentException("p must be in [0, 1], got " + x);
            }
        }
        this.ids = IntStream.range(0, p.length).mapToObj(i -> "q" + i).toList();
    }

    public int size() {
        return p.length;
    }

    public List<String> ids() {
        return ids;
    }

    /** The index of an id made by this pool. */
    public int index(String id) {
        return Integer.parseInt(id.substring(1));
    }

    public double p(int i) {
        return p[i];
    }

    /** n Bernoulli(p_i) rewards in {0, 1}. */
    public double[] rewards(int i, int n, RandomGenerator rng) {
        double[] r = new double[n];
        for (int k = 0; k < n; k++) {
            r[k] = rng.nextDouble() < p[i] ? 1.0 : 0.0;
        }
        return r;
    }

    /**
     * One training visit: p_i ← p_i + min(1, δ·w)·(1 − p_i) when 0 < p_i < 1 (an unsolvable prompt
     * yields no success to learn from and a solved one has nothing left to learn).
     *
     * @param weight w >= 0, how many full learning visits this one counts as
     * @param delta δ, the scenario's drift
     */
    public void learn(int i, double weight, double delta) {
        if (!(weight >= 0)) {
            throw new IllegalArgumentException("a learning weight must be >= 0, got " + weight);
        }
        if (p[i] > 0 && p[i] < 1) {
            p[i] += Math.min(1.0, delta * weight) * (1 - p[i]);
        }
    }

    /** General improvement: p_i ← p_i + τ·(1 − p_i) for every prompt, p = 0 included. */
    public void transfer(double tau) {
        if (!(tau >= 0 && tau <= 1)) {
            throw new IllegalArgumentException("a transfer step must be in [0, 1], got " + tau);
        }
        for (int i = 0; i < p.length; i++) {
            p[i] += tau * (1 - p[i]);
        }
    }

    /** The mean p over the pool. */
    public double meanP() {
        double s = 0;
        for (double x : p) {
            s += x;
        }
        return s / p.length;
    }
}
