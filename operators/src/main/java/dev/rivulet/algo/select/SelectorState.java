package dev.rivulet.algo.select;

/**
 * The per-shard cursor a selector carries between calls (only uniform moves it), plain enough for
 * Flink's serializers.
 *
 * @param seed the shard's seed for the epoch orders
 * @param epoch how many full passes over the pool have started (0-based)
 * @param lastKey the order key of the last prompt served in this epoch
 * @param lastId the id of the last prompt served in this epoch ("" before the first)
 */
public record SelectorState(long seed, long epoch, long lastKey, String lastId) {

    public SelectorState {
        if (lastId == null) {
            throw new IllegalArgumentException("lastId must not be null; use \"\"");
        }
    }

    /** The state of a shard that has served nothing yet. */
    public static SelectorState start(long seed) {
        return new SelectorState(seed, 0, Long.MIN_VALUE, "");
    }
}
