package dev.rivulet.server.loss;

import java.util.ArrayList;
import java.util.List;

/**
 * The weights GRAO puts on each token's log-prob, one array per term of its objective, for rows in
 * groups (docs/algorithms/loss-grao.md). In group g of G rows with advantages Â (a row's Â is the
 * mean of its valid tokens' advantages) the demonstration y is the row with the largest Â among the
 * rows with a valid token (k tied rows share it, each as 1/k of y); then, per token of row r,
 *
 * <ul>
 *   <li>exploration: Â_{r,t};
 *   <li>imitation: G·β·Â_y/k on the demonstration rows, 0 elsewhere;
 *   <li>alignment: λ·Â_{r,t} − λ·(Σ_{i∈g} Â_i)/k on the demonstration rows, λ·Â_{r,t} elsewhere.
 * </ul>
 *
 * Averaged per response and over the G rows (the {@code seq-mean-token-mean} aggregation), the
 * weighted log-probs are the paper's (1/G) Σ_i [Â_i·J(o_i) + β·Â_y·J(y) + λ·Â_i·(J(o_i) − J(y))], J
 * the response's mean token log-prob.
 *
 * @param exploration per (row, column) weight of the exploration term
 * @param imitation per (row, column) weight of the imitation term
 * @param alignment per (row, column) weight of the alignment regulariser
 * @param demonstrations each group's demonstration rows (empty for a group without a valid token)
 */
record GraoCoefficients(
        double[] exploration, double[] imitation, double[] alignment, List<int[]> demonstrations) {

    /**
     * The weights for {@code rows × cols} row-major advantages and 0/1 valid mask.
     *
     * @param groups the group index of each row (0..g−1)
     * @throws IllegalArgumentException when the arrays disagree with {@code rows × cols} or a group
     *     index is negative
     */
    static GraoCoefficients of(
            double[] adv,
            double[] valid,
            int rows,
            int cols,
            int[] groups,
            double beta,
            double lambda) {
        if (adv.length != rows * cols || valid.length != rows * cols || groups.length != rows) {
            throw new IllegalArgumentException(
                    "grao needs advantages and mask of rows x columns = "
                            + rows
                            + " x "
                            + cols
                            + " and one group per row, got "
                            + adv.length
                            + ", "
                            + valid.length
                            + " and "
                            + groups.length);
        }
        double[] rowAdv = new double[rows];
        boolean[] hasTokens = new boolean[rows];
        int groupCount = 0;
        for (int r = 0; r < rows; r++) {
            if (groups[r] < 0) {
                throw new IllegalArgumentException(
                        "grao: group index of row " + r + " is negative: " + groups[r]);
            }
            groupCount = Math.max(groupCount, groups[r] + 1);
            double sum = 0;
            double n = 0;
            for (int c = 0; c < cols; c++) {
                sum += valid[r * cols + c] * adv[r * cols + c];
                n += valid[r * cols + c];
            }
            hasTokens[r] = n > 0;
            rowAdv[r] = hasTokens[r] ? sum / n : 0.0;
        }
        double[] exploration = new double[rows * cols];
        double[] alignment = new double[rows * cols];
        for (int i = 0; i < rows * cols; i++) {
            exploration[i] = adv[i];
            alignment[i] = lambda * adv[i];
        }
        double[] imitation = new double[rows * cols];
        List<int[]> demos = new ArrayList<>();
        for (int[] members : members(groups, groupCount)) {
            int[] tied = best(members, rowAdv, hasTokens);
            demos.add(tied);
            if (tied.length == 0) {
                continue;
            }
            double sumAdv = 0;
            for (int r : members) {
                sumAdv += rowAdv[r];
            }
            double k = tied.length;
            double imit = members.length * beta * rowAdv[tied[0]] / k;
            double align = -lambda * sumAdv / k;
            for (int r : tied) {
                for (int c = 0; c < cols; c++) {
                    imitation[r * cols + c] = imit;
                    alignment[r * cols + c] += align;
                }
            }
        }
        return new GraoCoefficients(exploration, imitation, alignment, List.copyOf(demos));
    }

    /** The rows of each group index, in row order. */
    private static List<int[]> members(int[] groups, int groupCount) {
        List<List<Integer>> lists = new ArrayList<>();
        for (int g = 0; g < groupCount; g++) {
            lists.add(new ArrayList<>());
        }
        for (int r = 0; r < groups.length; r++) {
            lists.get(groups[r]).add(r);
        }
        List<int[]> out = new ArrayList<>();
        for (List<Integer> l : lists) {
            if (!l.isEmpty()) {
                out.add(l.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        return out;
    }

    /** The members with a valid token whose advantage is the largest (all of them on a tie). */
    private static int[] best(int[] members, double[] rowAdv, boolean[] hasTokens) {
        double max = Double.NEGATIVE_INFINITY;
        for (int r : members) {
            if (hasTokens[r]) {
                max = Math.max(max, rowAdv[r]);
            }
        }
        List<Integer> out = new ArrayList<>();
        for (int r : members) {
            if (hasTokens[r] && rowAdv[r] == max) {
                out.add(r);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
