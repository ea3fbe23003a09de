package dev.rivulet.server.testing;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.ScoredRollout;
import java.util.ArrayList;
import java.util.List;

/** Scored rollouts made from completions for tests: advantage +1 for the first, −1 for the rest. */
public final class TrainRows {

    private TrainRows() {}

    /** One row per completion, ids {@code idPrefix + index}. */
    public static List<ScoredRollout> of(String idPrefix, List<Completion> completions) {
        List<ScoredRollout> rows = new ArrayList<>();
        for (Completion c : completions) {
            rows.add(
                    new ScoredRollout(
                            idPrefix + rows.size(),
                            c.promptId(),
                            "arith",
                            1,
                            c.promptTokens(),
                            c.tokens(),
                            c.logprobs(),
                            1.0,
                            rows.isEmpty() ? 1.0 : -1.0,
                            c.policyVersion()));
        }
        return rows;
    }
}
