package dev.rivulet.server.loss;

import java.util.BitSet;

/**
 * Where each position's sub-sentence begins and ends in a (rows, positions) pass: a row's response
 * is cut after every delimiter token (the delimiter ends its sub-sentence), or kept whole; the
 * positions outside every response form empty segments. Segment sums are then differences of a
 * row's prefix sums: {@code prefix[end] − prefix[start]} with {@code prefix[0] = 0}.
 *
 * @param start per position (row-major), the column where its segment starts (into the prefix sums)
 * @param end per position, one past the segment's last column
 * @param count per position, the valid tokens of its segment (0 for an empty one)
 */
record Subsentences(long[] start, long[] end, double[] count) {

    /**
     * Segments of a pass of {@code rows} × {@code width} positions.
     *
     * @param context the rows' response tokens and starts; without rows ({@link LossContext#NONE})
     *     each row is one segment over all its columns
     * @param valid the (rows, width) valid mask, row-major
     * @param delimiters ids that end a sub-sentence; null keeps each response whole
     */
    static Subsentences of(
            LossContext context, double[] valid, int rows, int width, BitSet delimiters) {
        long[] start = new long[rows * width];
        long[] end = new long[rows * width];
        for (int r = 0; r < rows; r++) {
            int base = r * width;
            for (int c = 0; c < width; c++) {
                start[base + c] = c; // empty segment [c, c) unless a response covers c
                end[base + c] = c;
            }
            if (!context.hasRows()) {
                mark(start, end, base, 0, width);
                continue;
            }
            int[] tokens = context.responseTokens()[r];
            int first = context.responseStart()[r];
            int from = 0;
            for (int t = 0; t < tokens.length; t++) {
                boolean last = t == tokens.length - 1;
                if (last || (delimiters != null && delimiters.get(Math.max(0, tokens[t])))) {
                    mark(
                            start,
                            end,
                            base,
                            Math.min(first + from, width),
                            Math.min(first + t + 1, width));
                    from = t + 1;
                }
            }
        }
        double[] count = new double[rows * width];
        for (int r = 0; r < rows; r++) {
            int base = r * width;
            double[] prefix = new double[width + 1];
            for (int c = 0; c < width; c++) {
                prefix[c + 1] = prefix[c] + valid[base + c];
            }
            for (int c = 0; c < width; c++) {
                count[base + c] = prefix[(int) end[base + c]] - prefix[(int) start[base + c]];
            }
        }
        return new Subsentences(start, end, count);
    }

    private static void mark(long[] start, long[] end, int base, int from, int to) {
        for (int c = from; c < to; c++) {
            start[base + c] = from;
            end[base + c] = to;
        }
    }

    /** The mean of {@code x} (row-major, rows × width) over each position's segment, 0 if empty. */
    double[] segmentMean(double[] x, int rows, int width) {
        double[] out = new double[x.length];
        for (int r = 0; r < rows; r++) {
            int base = r * width;
            double[] prefix = new double[width + 1];
            for (int c = 0; c < width; c++) {
                prefix[c + 1] = prefix[c] + x[base + c];
            }
            for (int c = 0; c < width; c++) {
                int i = base + c;
                out[i] =
                        count[i] > 0
                                ? (prefix[(int) end[i]] - prefix[(int) start[i]]) / count[i]
                                : 0.0;
            }
        }
        return out;
    }
}
