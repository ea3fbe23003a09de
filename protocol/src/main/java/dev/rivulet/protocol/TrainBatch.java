package dev.rivulet.protocol;

import java.util.List;

/**
 * One micro-batch of scored rollouts for a single policy-gradient update.
 *
 * @param batchId deterministic id; the server applies each batch id at most once
 * @param rows the rollouts, at least one, no nulls (copied into an unmodifiable list)
 * @param normalizeAdvantages whether the learner should normalise advantages across the batch
 * @param baseVersion the policy version the sender expects the server to be at before this batch
 *     ({@link #ANY_BASE} for no check); a server at another version refuses the batch, so a batch
 *     is never applied on top of weights the sender's state does not describe
 * @param lineage the server lineage (see {@link PolicyVersion#lineage()}) the sender expects, or
 *     empty for no check; a server on another lineage refuses the batch
 */
public record TrainBatch(
        String batchId,
        List<ScoredRollout> rows,
        boolean normalizeAdvantages,
        long baseVersion,
        String lineage) {

    /** The {@code baseVersion} that asks for no check. */
    public static final long ANY_BASE = -1;

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
        if (baseVersion < ANY_BASE) {
            throw new IllegalArgumentException(
                    "baseVersion must be >= 0 or ANY_BASE (-1), got " + baseVersion);
        }
        lineage = lineage == null ? "" : lineage;
    }

    /** A batch with a base-version check and no lineage check. */
    public TrainBatch(
            String batchId,
            List<ScoredRollout> rows,
            boolean normalizeAdvantages,
            long baseVersion) {
        this(batchId, rows, normalizeAdvantages, baseVersion, "");
    }

    /** A batch without a base-version check. */
    public TrainBatch(String batchId, List<ScoredRollout> rows, boolean normalizeAdvantages) {
        this(batchId, rows, normalizeAdvantages, ANY_BASE);
    }

    /** This batch expecting the server at {@code version} before it is applied. */
    public TrainBatch withBaseVersion(long version) {
        return new TrainBatch(batchId, rows, normalizeAdvantages, version, lineage);
    }

    /** This batch expecting the server on {@code value}'s lineage. */
    public TrainBatch withLineage(String value) {
        return new TrainBatch(batchId, rows, normalizeAdvantages, baseVersion, value);
    }
}
