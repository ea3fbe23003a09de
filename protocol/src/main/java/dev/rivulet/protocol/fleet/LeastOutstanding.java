package dev.rivulet.protocol.fleet;

/**
 * Picks the generator for the next call: the available one with the fewest outstanding calls; among
 * equals, the first at or after a cursor that moves past each pick (round robin). Not thread-safe:
 * the pool guards it.
 */
final class LeastOutstanding {

    private int cursor;

    /**
     * The index to call, or -1 when none is available.
     *
     * @param outstanding calls in flight per generator
     * @param available whether each generator may take a call now
     */
    int choose(int[] outstanding, boolean[] available) {
        int n = outstanding.length;
        int best = -1;
        for (int k = 0; k < n; k++) {
            int i = (cursor + k) % n;
            if (available[i] && (best < 0 || outstanding[i] < outstanding[best])) {
                best = i;
            }
        }
        if (best >= 0) {
            cursor = (best + 1) % n;
        }
        return best;
    }
}
