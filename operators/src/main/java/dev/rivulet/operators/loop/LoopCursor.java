package dev.rivulet.operators.loop;

import dev.rivulet.algo.select.SelectorState;

/**
 * Per-shard counters of the loop, kept in keyed state.
 *
 * @param nextCallId id of the next generation call
 * @param step the loop step (one per issued call)
 * @param inflight calls currently in flight
 * @param selector the selector's cursor
 */
public record LoopCursor(long nextCallId, long step, int inflight, SelectorState selector) {

    static LoopCursor start(long seed) {
        return new LoopCursor(0, 0, 0, SelectorState.start(seed));
    }
}
