package dev.rivulet.operators.learner;

import dev.rivulet.protocol.TrainBatch;
import java.util.List;

/**
 * The micro-batch sent to the learner and not yet acknowledged; snapshotted so that a restore rolls
 * the server back and sends exactly this batch (same id) again.
 *
 * @param batch the batch as sent
 * @param lastUse ids whose use in this batch is their last (evicted once acknowledged)
 * @param sentAtMillis when it was first sent
 * @param failures how many times the server failed it with an error that counts towards the limit
 *     (not an unavailable server: see {@link RetryPolicy#counts})
 */
public record PendingBatch(
        TrainBatch batch, List<String> lastUse, long sentAtMillis, int failures) {

    /** A batch that has not failed yet. */
    public PendingBatch(TrainBatch batch, List<String> lastUse, long sentAtMillis) {
        this(batch, lastUse, sentAtMillis, 0);
    }

    public PendingBatch {
        lastUse = List.copyOf(lastUse);
        if (failures < 0) {
            throw new IllegalArgumentException("failures must be >= 0, got " + failures);
        }
    }

    /** This batch after one more counted failure. */
    PendingBatch failedOnce() {
        return new PendingBatch(batch, lastUse, sentAtMillis, failures + 1);
    }
}
