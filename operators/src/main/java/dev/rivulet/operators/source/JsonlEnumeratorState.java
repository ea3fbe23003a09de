package dev.rivulet.operators.source;

import java.util.List;

/**
 * The checkpointed state of a {@link JsonlFileSource}'s enumerator.
 *
 * @param pending files found but not yet handed to a reader, in assignment order
 * @param seen every path ever found (assigned or pending), so a watched directory never yields a
 *     file twice
 */
public record JsonlEnumeratorState(List<JsonlFileSplit> pending, List<String> seen) {

    public JsonlEnumeratorState {
        pending = List.copyOf(pending);
        seen = List.copyOf(seen);
    }

    /** The state of an enumerator that has found nothing yet. */
    public static JsonlEnumeratorState empty() {
        return new JsonlEnumeratorState(List.of(), List.of());
    }
}
