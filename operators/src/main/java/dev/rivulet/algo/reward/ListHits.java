package dev.rivulet.algo.reward;

import java.util.Arrays;

/**
 * Which ranks of a list answer are right, and which item each character of the response belongs to:
 * what a rank-level advantage (Rank-GRPO) needs from a list task's reward.
 *
 * @param hits one entry per rank of the reference list (1.0 when the response's item at that rank
 *     is the reference's, else 0.0); ranks the response does not reach are 0.0
 * @param itemOfChar the item index (0-based) of each character of the response, as long as the
 *     response; separators belong to the item before them, characters before the first item to item
 *     0; indices may reach past the reference (items beyond it)
 * @param items how many items the response lists
 */
public record ListHits(double[] hits, int[] itemOfChar, int items) {

    public ListHits {
        if (hits == null || itemOfChar == null) {
            throw new IllegalArgumentException("hits and itemOfChar must not be null");
        }
        if (items < 0) {
            throw new IllegalArgumentException("items must be >= 0, got " + items);
        }
        hits = hits.clone();
        itemOfChar = itemOfChar.clone();
    }

    @Override
    public double[] hits() {
        return hits.clone();
    }

    @Override
    public int[] itemOfChar() {
        return itemOfChar.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ListHits h
                && Arrays.equals(hits, h.hits)
                && Arrays.equals(itemOfChar, h.itemOfChar)
                && items == h.items;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(hits) + Arrays.hashCode(itemOfChar)) + items;
    }

    @Override
    public String toString() {
        return "ListHits[hits="
                + Arrays.toString(hits)
                + ", itemOfChar="
                + Arrays.toString(itemOfChar)
                + ", items="
                + items
                + "]";
    }
}
