package dev.rivulet.server.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Java-side sampling from one row of logits, in double precision; one uniform draw per call. Each
 * draw also reports the token's log-prob at temperature 1 and the entropy of the distribution the
 * token was drawn from, both from the weights the sampler computes anyway.
 */
final class TokenSampler {

    private TokenSampler() {}

    /**
     * One sampled token.
     *
     * @param token the id
     * @param logprob log softmax(logits)[token] at temperature 1 (the behaviour log-prob)
     * @param entropy entropy in nats of the distribution the token was sampled from: the softmax at
     *     the temperature restricted to the top-p nucleus and renormalised; for greedy decoding (a
     *     point mass) the entropy of the temperature-1 softmax instead
     */
    record Draw(int token, double logprob, double entropy) {}

    /**
     * Picks a token from {@code logits[off .. off+v)}: argmax when greedy, else from softmax at the
     * temperature restricted to the top-p nucleus (ties broken by lower id).
     */
    static Draw draw(float[] logits, int off, int v, SamplingParams p, SplittableRandom rnd) {
        int best = argmax(logits, off, v);
        double max = logits[off + best];
        return p.isGreedy()
                ? greedy(logits, off, v, max, best)
                : sample(logits, off, v, max, p, rnd);
    }

    /** The first index of the largest logit. */
    private static int argmax(float[] logits, int off, int v) {
        int best = 0;
        for (int i = 1; i < v; i++) {
            if (logits[off + i] > logits[off + best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The arg-max with its log-prob and the entropy of the temperature-1 softmax, from one pass: Z
     * = Σ exp(l − max) and Σ exp(l − max)·(l − max) give log Z and H = log Z − Σ e·s / Z.
     */
    private static Draw greedy(float[] logits, int off, int v, double max, int best) {
        double z = 0;
        double zs = 0;
        for (int i = 0; i < v; i++) {
            double s = logits[off + i] - max;
            double e = Math.exp(s);
            z += e;
            zs += e * s;
        }
        if (Double.isNaN(zs)) {
            zs = guardedSum(logits, off, v, max, 1.0);
        }
        double logZ = Math.log(z);
        return new Draw(best, logits[off + best] - max - logZ, entropy(logZ, zs, z));
    }

    /** A draw from softmax(l / T), restricted to the top-p nucleus when p &lt; 1. */
    private static Draw sample(
            float[] logits, int off, int v, double max, SamplingParams p, SplittableRandom rnd) {
        double temp = p.temperature();
        double[] w = new double[v];
        double total = 0;
        double ws = 0;
        for (int i = 0; i < v; i++) {
            double s = (logits[off + i] - max) / temp;
            w[i] = Math.exp(s);
            total += w[i];
            ws += w[i] * s;
        }
        double u = rnd.nextDouble();
        int token;
        double entropy;
        if (p.topP() >= 1.0) {
            if (Double.isNaN(ws)) {
                ws = guardedSum(logits, off, v, max, temp);
            }
            token = sampleAll(w, u * total);
            entropy = entropy(Math.log(total), ws, total);
        } else {
            Integer[] order = new Integer[v];
            for (int i = 0; i < v; i++) {
                order[i] = i;
            }
            Arrays.sort(
                    order,
                    (a, b) -> w[a] != w[b] ? Double.compare(w[b], w[a]) : Integer.compare(a, b));
            double mass = 0;
            int keep = 0;
            while (keep < v && mass < p.topP() * total) {
                mass += w[order[keep++]];
            }
            token = sampleNucleus(w, order, keep, u * mass);
            double massS = 0;
            for (int k = 0; k < keep; k++) {
                int i = order[k];
                massS += w[i] > 0 ? w[i] * ((logits[off + i] - max) / temp) : 0;
            }
            entropy = entropy(Math.log(mass), massS, mass);
        }
        // at temperature 1 the weights are exp(l − max) already: total is the softmax's sum
        double logprob =
                temp == 1.0
                        ? logits[off + token] - max - Math.log(total)
                        : logProb(logits, off, v, max, token);
        return new Draw(token, logprob, entropy);
    }

    /** H = log Z − Σ w·s / Z for weights w = exp(s), Z = Σ w; at least 0 (rounding). */
    private static double entropy(double logZ, double sumWs, double z) {
        return Math.max(0.0, logZ - sumWs / z);
    }

    /**
     * Σ w·s over the weights w = exp(s) that are above 0: the slow path for logits of −inf, whose
     * w·s = 0·(−inf) is NaN in the fast loops (a model's logits are finite, so it never runs
     * there).
     */
    private static double guardedSum(float[] logits, int off, int v, double max, double temp) {
        double sum = 0;
        for (int i = 0; i < v; i++) {
            double s = (logits[off + i] - max) / temp;
            double w = Math.exp(s);
            if (w > 0) {
                sum += w * s;
            }
        }
        return sum;
    }

    /** Inverse-CDF draw over all weights. */
    private static int sampleAll(double[] w, double target) {
        double acc = 0;
        for (int i = 0; i < w.length; i++) {
            acc += w[i];
            if (acc > target) {
                return i;
            }
        }
        for (int i = w.length - 1; i >= 0; i--) {
            if (w[i] > 0) {
                return i;
            }
        }
        return 0;
    }

    /** Inverse-CDF draw over the first {@code keep} ids of {@code order}. */
    private static int sampleNucleus(double[] w, Integer[] order, int keep, double target) {
        double acc = 0;
        for (int k = 0; k < keep; k++) {
            acc += w[order[k]];
            if (acc > target) {
                return order[k];
            }
        }
        return order[keep - 1];
    }

    /** log softmax(logits)[token] at temperature 1, in double precision, given the row's max. */
    private static double logProb(float[] logits, int off, int v, double max, int token) {
        double sum = 0;
        for (int i = 0; i < v; i++) {
            sum += Math.exp(logits[off + i] - max);
        }
        return logits[off + token] - max - Math.log(sum);
    }

    /** Entropy (nats) of softmax(logits / temperature) restricted to the top-p nucleus. */
    static double entropy(float[] logits, SamplingParams p) {
        return draw(logits, 0, logits.length, p, new SplittableRandom(0)).entropy();
    }
}
