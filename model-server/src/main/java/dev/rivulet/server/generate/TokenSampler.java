package dev.rivulet.server.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Java-side sampling from one row of logits, in double precision; one uniform draw per call. */
final class TokenSampler {

    private TokenSampler() {}

    /**
     * Picks a token from {@code logits[off .. off+v)}: argmax when greedy, else from softmax at the
     * temperature restricted to the top-p nucleus (ties broken by lower id).
     */
    static int pick(float[] logits, int off, int v, SamplingParams p, SplittableRandom rnd) {
        if (p.isGreedy()) {
            int best = 0;
            for (int i = 1; i < v; i++) {
                if (logits[off + i] > logits[off + best]) {
                    best = i;
                }
            }
            return best;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v; i++) {
            max = Math.max(max, logits[off + i]);
        }
        double[] w = new double[v];
        double total = 0;
        for (int i = 0; i < v; i++) {
            w[i] = Math.exp((logits[off + i] - max) / p.temperature());
            total += w[i];
        }
        double u = rnd.nextDouble();
        if (p.topP() >= 1.0) {
            double target = u * total;
            double acc = 0;
            for (int i = 0; i < v; i++) {
                acc += w[i];
                if (acc > target) {
                    return i;
                }
            }
            return lastPositive(w);
        }
        Integer[] order = new Integer[v];
        for (int i = 0; i < v; i++) {
            order[i] = i;
        }
        Arrays.sort(
                order, (a, b) -> w[a] != w[b] ? Double.compare(w[b], w[a]) : Integer.compare(a, b));
        double mass = 0;
        int keep = 0;
        while (keep < v && mass < p.topP() * total) {
            mass += w[order[keep++]];
        }
        double target = u * mass;
        double acc = 0;
        for (int k = 0; k < keep; k++) {
            acc += w[order[k]];
            if (acc > target) {
                return order[k];
            }
        }
        return order[keep - 1];
    }

    /** log softmax(logits)[token] at temperature 1, in double precision. */
    static double logProb(float[] logits, int off, int v, int token) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v; i++) {
            max = Math.max(max, logits[off + i]);
        }
        double sum = 0;
        for (int i = 0; i < v; i++) {
            sum += Math.exp(logits[off + i] - max);
        }
        return logits[off + token] - max - Math.log(sum);
    }

    private static int lastPositive(double[] w) {
        for (int i = w.length - 1; i >= 0; i--) {
            if (w[i] > 0) {
                return i;
            }
        }
        return 0;
    }
}
