package dev.rivulet.server.loss;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;

/**
 * What a loss may read about the rows of a pass besides the per-token tensors of {@link LossInput}:
 * which rows form a group, the response token ids and where each response starts in the (rows,
 * positions) tensors, the learner's step, and the optional tensors a loss asks for with {@link
 * LossNeed}.
 *
 * @param groups one group index per row (0..g−1 in order of first appearance); rows that share an
 *     index were sampled for the same prompt in one call; a row without a group id has an index of
 *     its own (a group of one)
 * @param responseTokens each row's response token ids
 * @param responseStart the column of each row's first response token in the (rows, positions)
 *     tensors; token t of row r sits at column {@code responseStart[r] + t}
 * @param step the optimizer steps applied before this one (0 for the first update); survives a
 *     rollback or restart with the optimizer state
 * @param refLogp (rows, positions) log-probs of the taken tokens under the frozen reference policy,
 *     float64 without gradient; null unless {@link LossNeed#REFERENCE} was asked for
 * @param logProbs (rows, positions, vocabulary) log-probabilities of the current policy with their
 *     gradient; null unless {@link LossNeed#DISTRIBUTION} was asked for
 */
public record LossContext(
        int[] groups,
        int[][] responseTokens,
        int[] responseStart,
        long step,
        NDArray refLogp,
        NDArray logProbs) {

    /** No per-row information (tests and callers without groups or token ids). */
    public static final LossContext NONE =
            new LossContext(new int[0], new int[0][], new int[0], 0, null, null);

    /** Checks that the per-row arrays agree in length. */
    public LossContext {
        if (groups.length != responseTokens.length || groups.length != responseStart.length) {
            throw new IllegalArgumentException(
                    "groups, responseTokens and responseStart need one entry per row, got "
                            + groups.length
                            + ", "
                            + responseTokens.length
                            + ", "
                            + responseStart.length);
        }
    }

    /** Whether per-row information is present (false for {@link #NONE}). */
    public boolean hasRows() {
        return groups.length > 0;
    }

    /** Rows of each group: {@code members()[g]} lists the rows with group index g, in order. */
    public int[][] members() {
        int g = Arrays.stream(groups).max().orElse(-1) + 1;
        int[] counts = new int[g];
        for (int x : groups) {
            counts[x]++;
        }
        int[][] out = new int[g][];
        for (int i = 0; i < g; i++) {
            out[i] = new int[counts[i]];
            counts[i] = 0;
        }
        for (int r = 0; r < groups.length; r++) {
            out[groups[r]][counts[groups[r]]++] = r;
        }
        return out;
    }

    /** A context for {@code rows} rows in one group each, without token ids (unit tests). */
    public static LossContext singletons(int rows) {
        int[] groups = new int[rows];
        for (int r = 0; r < rows; r++) {
            groups[r] = r;
        }
        return new LossContext(groups, new int[rows][0], new int[rows], 0, null, null);
    }
}
