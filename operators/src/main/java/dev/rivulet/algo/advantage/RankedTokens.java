package dev.rivulet.algo.advantage;

import java.util.Arrays;

/**
 * A list answer's per-rank hits and the rank of each response token, for the {@code rank} advantage
 * (Rank-GRPO): the loop fills it in where the task's reward scores ranks (sort).
 *
 * @param hits one entry per rank of the reference list: 1.0 when the response's item at that rank
 *     is right, else 0.0
 * @param tokenRank the rank (item index) of each response token: {@code 0 <= k < hits.length} for
 *     an item of the reference's length, {@code k >= hits.length} for an item past it (overflow),
 *     {@link #END} for the token that ended generation (the stop token)
 * @param items how many items the response lists
 */
public record RankedTokens(double[] hits, int[] tokenRank, int items) {

    /** The rank of the stop token, which belongs to no item. */
    public static final int END = -1;

    public RankedTokens {
        if (hits == null || tokenRank == null) {
            throw new IllegalArgumentException("hits and tokenRank must not be null");
        }
        if (items < 0) {
            throw new IllegalArgumentException("items must be >= 0, got " + items);
        }
        for (int k : tokenRank) {
            if (k < END) {
                throw new IllegalArgumentException(
                        "a token rank must be >= 0 or END (-1), got " + k);
            }
        }
        hits = hits.clone();
        tokenRank = tokenRank.clone();
    }

    @Override
    public double[] hits() {
        return hits.clone();
    }

    @Override
    public int[] tokenRank() {
        return tokenRank.clone();
    }

    /** How many ranks the reference list has. */
    public int ranks() {
        return hits.length;
    }

    double hit(int k) {
        return hits[k];
    }

    int rankOf(int token) {
        return tokenRank[token];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RankedTokens r
                && Arrays.equals(hits, r.hits)
                && Arrays.equals(tokenRank, r.tokenRank)
                && items == r.items;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(hits) + Arrays.hashCode(tokenRank)) + items;
    }

    @Override
    public String toString() {
        return "RankedTokens[hits="
                + Arrays.toString(hits)
                + ", tokenRank="
                + Arrays.toString(tokenRank)
                + ", items="
                + items
                + "]";
    }
}
