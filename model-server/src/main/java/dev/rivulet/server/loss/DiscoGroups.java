package dev.rivulet.server.loss;

import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of one pass sorted for DisCO: each row's side (positive, negative or neither, by the
 * sign of its mean advantage over its valid tokens), its group, and the groups that have both
 * sides.
 */
final class DiscoGroups {

    private final int[] side;
    private final int[] group;
    private final int groupCount;
    private final int[] positives;
    private final int[] negatives;

    private DiscoGroups(int[] side, int[] group, int groupCount) {
        this.side = side;
        this.group = group;
        this.groupCount = groupCount;
        this.positives = new int[groupCount];
        this.negatives = new int[groupCount];
        for (int r = 0; r < side.length; r++) {
            if (side[r] > 0) {
                positives[group[r]]++;
            } else if (side[r] < 0) {
                negatives[group[r]]++;
            }
        }
    }

    /**
     * The sides and groups of {@code in}'s rows; without per-row context every row is a group of
     * its own (so nothing is discriminated).
     *
     * @throws IllegalArgumentException when the context has a different number of rows
     */
    static DiscoGroups of(LossInput in) {
        double[] adv = in.advantages().toType(DataType.FLOAT64, false).toDoubleArray();
        double[] valid = in.valid().toType(DataType.FLOAT64, false).toDoubleArray();
        int rows = (int) in.valid().getShape().get(0);
        int width = rows == 0 ? 0 : valid.length / rows;
        LossContext context = in.context().hasRows() ? in.context() : LossContext.singletons(rows);
        int[] group = context.groups();
        if (group.length != rows) {
            throw new IllegalArgumentException(
                    "the disco loss got "
                            + rows
                            + " rows but a context for "
                            + group.length
                            + " rows");
        }
        int[] side = new int[rows];
        int groupCount = 0;
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int t = 0; t < width; t++) {
                sum += valid[r * width + t] * adv[r * width + t];
            }
            side[r] = sum > 0 ? 1 : sum < 0 ? -1 : 0;
            groupCount = Math.max(groupCount, group[r] + 1);
        }
        return new DiscoGroups(side, group, groupCount);
    }

    /** G: every group of the pass, those without both sides included. */
    int groupCount() {
        return groupCount;
    }

    private boolean discriminates(int g) {
        return positives[g] > 0 && negatives[g] > 0;
    }

    /**
     * Per-row weights of the scores in J: 1/(n⁺·G) for a positive of a group with both sides; with
     * {@code meanOfNegatives} also −1/(n⁻·G) for its negatives (DisCO-b); 0 elsewhere.
     */
    double[] coefficients(boolean meanOfNegatives) {
        double[] c = new double[side.length];
        for (int r = 0; r < side.length; r++) {
            int g = group[r];
            if (!discriminates(g)) {
                continue;
            }
            if (side[r] > 0) {
                c[r] = 1.0 / ((double) positives[g] * groupCount);
            } else if (side[r] < 0 && meanOfNegatives) {
                c[r] = -1.0 / ((double) negatives[g] * groupCount);
            }
        }
        return c;
    }

    /** The negative rows of each group that has both sides, in group order. */
    List<int[]> negativeRows() {
        List<int[]> out = new ArrayList<>();
        for (int g = 0; g < groupCount; g++) {
            if (!discriminates(g)) {
                continue;
            }
            int[] rows = new int[negatives[g]];
            int k = 0;
            for (int r = 0; r < side.length; r++) {
                if (group[r] == g && side[r] < 0) {
                    rows[k++] = r;
                }
            }
            out.add(rows);
        }
        return out;
    }
}
