package dev.rivulet.protocol;

import java.util.List;

/**
 * One micro-batch of scored rollouts for a single policy-gradient update.
 *
 * @param batchId deterministic id; the server applies each batch id at most once
 * @param rows the rollouts, at least one, no nulls (copied into an unmodifiable list)
 * @param normalizeAdvantages whether the learner should normalise advantages across the batch
 */
public record TrainBatch(String batchId, List<ScoredRollout> rows, boolean normalizeAdvantages) {

    public TrainBatch {
        Checks.notEmpty(batchId, "batchId");
        Checks.notNull(rows, "rows");
        for (int i = 0; i < rows.size(); i++) {
            Checks.notNull(rows.get(i), "rows[" + i + "]");
        }
        rows = List.copyOf(rows);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("rows must not be empty (batch " + batchId + ")");
        }
    }
}
