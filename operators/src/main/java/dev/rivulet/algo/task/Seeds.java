package dev.rivulet.algo.task;

/** SplitMix64 mixing, so that every (seed, index, ...) tuple gets its own well-spread seed. */
final class Seeds {

    private Seeds() {}

    /** The SplitMix64 finaliser of {@code z}. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A seed derived from a base seed and any number of further values. */
    static long derive(long seed, long... values) {
        long h = mix(seed + 0x9e3779b97f4a7c15L);
        for (long v : values) {
            h = mix(h ^ (v + 0x9e3779b97f4a7c15L));
        }
        return h;
    }

    /** A 64-bit hash of a string, for mixing names into seeds. */
    static long hash(String s) {
        long h = 0x84222325cbf29ce4L;
        for (int i = 0; i < s.length(); i++) {
            h = mix(h ^ s.charAt(i));
        }
        return h;
    }
}
