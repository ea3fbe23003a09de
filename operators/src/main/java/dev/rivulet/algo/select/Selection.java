package dev.rivulet.algo.select;

import java.util.List;

/**
 * A selector's decision: the prompts to roll out next, in order, and the cursor to keep.
 *
 * @param promptIds the chosen prompt ids in selection order (repeats only from spo-priority when
 *     the pool is smaller than M)
 * @param next the selector state to store for the next call
 */
public record Selection(List<String> promptIds, SelectorState next) {

    public Selection {
        promptIds = List.copyOf(promptIds);
    }

    public int size() {
        return promptIds.size();
    }
}
