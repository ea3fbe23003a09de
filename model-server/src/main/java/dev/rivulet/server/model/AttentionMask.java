package dev.rivulet.server.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Builds additive attention biases: 0 where a query may attend a key, a large negative value else.
 */
public final class AttentionMask {

    /** Finite so that a query with no visible key (a padding row) gives a uniform, not NaN, row. */
    public static final float BLOCKED = -1e9f;

    private AttentionMask() {}

    /** Causal bias (1, 1, t, t) for right-padded teacher forcing. */
    public static NDArray causal(NDManager m, int t) {
        float[] bias = new float[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                bias[i * t + j] = BLOCKED;
            }
        }
        return m.create(bias, new Shape(1, 1, t, t));
    }

    /**
     * Bias (batch, 1, t, s) for the last {@code t} queries over {@code s} key slots: query i sits
     * at slot {@code s - t + i}, may see slots up to its own, and never a slot marked invalid.
     *
     * @param keyValid row-major (batch, s): true where the slot holds a real token
     */
    public static NDArray decode(NDManager m, boolean[] keyValid, int batch, int t, int s) {
        float[] bias = new float[batch * t * s];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < t; i++) {
                int q = s - t + i;
                int base = (b * t + i) * s;
                for (int j = 0; j < s; j++) {
                    if (j > q || !keyValid[b * s + j]) {
                        bias[base + j] = BLOCKED;
                    }
                }
            }
        }
        return m.create(bias, new Shape(batch, 1, t, s));
    }
}
