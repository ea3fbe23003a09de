package dev.rivulet.server.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Right-padded teacher-forcing batch: input ids, shifted targets and a mask of the target positions
 * that are response tokens (the ones a loss trains on).
 */
public final class SequenceBatch {

    private final int rows;
    private final int width;
    private final long[] inputs;
    private final long[] targets;
    private final float[] responseMask;
    private final int[] responseStart;

    private SequenceBatch(int rows, int width) {
        this.rows = rows;
        this.width = width;
        this.inputs = new long[rows * width];
        this.targets = new long[rows * width];
        this.responseMask = new float[rows * width];
        this.responseStart = new int[rows];
    }

    /**
     * Builds the batch for sequences {@code prompt ++ response}; target position t predicts token t
     * + 1, and response token j of row b sits at target position {@code promptLength - 1 + j}.
     */
    public static SequenceBatch of(List<int[]> prompts, List<int[]> responses, int padId) {
        if (prompts.size() != responses.size()) {
            throw new IllegalArgumentException(
                    prompts.size() + " prompts but " + responses.size() + " responses");
        }
        int width = 1;
        for (int i = 0; i < prompts.size(); i++) {
            width = Math.max(width, prompts.get(i).length + responses.get(i).length - 1);
        }
        SequenceBatch b = new SequenceBatch(prompts.size(), width);
        for (int r = 0; r < b.rows; r++) {
            int[] p = prompts.get(r);
            int[] y = responses.get(r);
            if (p.length == 0) {
                throw new IllegalArgumentException("prompt of row " + r + " is empty");
            }
            int len = p.length + y.length;
            int base = r * width;
            for (int t = 0; t < width; t++) {
                b.inputs[base + t] = t < len - 1 ? tokenAt(p, y, t) : padId;
                b.targets[base + t] = t < len - 1 ? tokenAt(p, y, t + 1) : padId;
                b.responseMask[base + t] = (t >= p.length - 1 && t < len - 1) ? 1f : 0f;
            }
            b.responseStart[r] = p.length - 1;
        }
        return b;
    }

    private static int tokenAt(int[] p, int[] y, int t) {
        return t < p.length ? p[t] : y[t - p.length];
    }

    /** Number of rows. */
    public int rows() {
        return rows;
    }

    /** Number of positions per row. */
    public int width() {
        return width;
    }

    /** Target position of the first response token of a row. */
    public int responseStart(int row) {
        return responseStart[row];
    }

    /** Input ids (rows, width) as int64. */
    public NDArray inputs(NDManager m) {
        return m.create(inputs, new Shape(rows, width));
    }

    /** Target ids (rows, width) as int64. */
    public NDArray targets(NDManager m) {
        return m.create(targets, new Shape(rows, width));
    }

    /** 1 where the target is a response token, else 0, (rows, width) float32. */
    public NDArray responseMask(NDManager m) {
        return m.create(responseMask, new Shape(rows, width));
    }

    /** The response mask as a Java array, row-major. */
    public float[] responseMaskArray() {
        return responseMask.clone();
    }
}
