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
 */
public record PendingBatch(TrainBatch batch, List<String> lastUse, long sentAtMillis) {

    public PendingBatch {
        lastUse = List.copyOf(lastUse);
    }
}
