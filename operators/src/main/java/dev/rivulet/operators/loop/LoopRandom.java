package dev.rivulet.operators.loop;

import java.util.SplittableRandom;

/**
 * The loop's randomness: a generator per shard, step and purpose (salt), derived from the base seed
 * alone, so that a restored shard selects, seeds its requests and scores as before.
 */
final class LoopRandom {

    private LoopRandom() {}

    /** The generator of {@code shard} at {@code step} for the purpose {@code salt}. */
    static SplittableRandom of(long seed, int shard, long step, long salt) {
        long s = seed * 0x9E3779B97F4A7C15L + shard * 0xBF58476D1CE4E5B9L;
        s ^= step * 0x94D049BB133111EBL + salt;
        return new SplittableRandom(s);
    }
}
