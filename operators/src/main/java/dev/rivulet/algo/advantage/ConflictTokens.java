package dev.rivulet.algo.advantage;

import java.util.HashSet;
import java.util.Set;

/**
 * GTPO's conflict tokens: a token of a positive (A &gt; 0) or negative (A &lt; 0) completion whose
 * id also sits at the same position in at least one positive and at least one negative completion
 * of the group. Completions with A = 0 have none.
 */
final class ConflictTokens {

    private ConflictTokens() {}

    /** Every same-position match counts, wherever it is in the response. */
    static boolean[][] atSamePosition(int[][] tokens, double[] advantages) {
        return raw(tokens, advantages, false);
    }

    /**
     * Only runs of matches count: the run that starts at the first token (positions counted from
     * the start) and the run that ends at the last token (positions counted from the end), as the
     * authors' {@code build_conflict_mask} does (its forward and reverse passes).
     */
    static boolean[][] inRuns(int[][] tokens, double[] advantages) {
        boolean[][] forward = raw(tokens, advantages, false);
        boolean[][] backward = raw(tokens, advantages, true);
        boolean[][] out = new boolean[tokens.length][];
        for (int i = 0; i < tokens.length; i++) {
            int n = tokens[i].length;
            out[i] = new boolean[n];
            for (int t = 0; t < n && forward[i][t]; t++) {
                out[i][t] = true;
            }
            for (int t = n - 1; t >= 0 && backward[i][t]; t--) {
                out[i][t] = true;
            }
        }
        return out;
    }

    /** Same-position matches, positions counted from the start or (fromEnd) from the last token. */
    private static boolean[][] raw(int[][] tokens, double[] advantages, boolean fromEnd) {
        Set<Long> positive = new HashSet<>();
        Set<Long> negative = new HashSet<>();
        for (int i = 0; i < tokens.length; i++) {
            if (advantages[i] == 0.0) {
                continue;
            }
            Set<Long> side = advantages[i] > 0 ? positive : negative;
            for (int t = 0; t < tokens[i].length; t++) {
                side.add(key(tokens[i], t, fromEnd));
            }
        }
        boolean[][] out = new boolean[tokens.length][];
        for (int i = 0; i < tokens.length; i++) {
            out[i] = new boolean[tokens[i].length];
            if (advantages[i] == 0.0) {
                continue;
            }
            for (int t = 0; t < tokens[i].length; t++) {
                long k = key(tokens[i], t, fromEnd);
                out[i][t] = positive.contains(k) && negative.contains(k);
            }
        }
        return out;
    }

    private static long key(int[] response, int t, boolean fromEnd) {
        long position = fromEnd ? response.length - 1 - t : t;
        return (position << 32) | (response[t] & 0xffffffffL);
    }
}
