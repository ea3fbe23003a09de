package dev.rivulet.algo.replay;

import java.util.List;

/**
 * A replay policy's decision, for the learner sink to carry out.
 *
 * @param train rollout ids of the next micro-batch, in training order
 * @param stale ids to drop because their policy version is older than max-staleness allows
 * @param exhausted ids to evict because they were already trained max-reuse times
 * @param lastUse ids in {@code train} whose use in this batch reaches max-reuse, so they can be
 *     evicted as soon as the batch is acknowledged
 * @param batchSize the batch size that was asked for
 */
public record ReplayDecision(
        List<String> train,
        List<String> stale,
        List<String> exhausted,
        List<String> lastUse,
        int batchSize) {

    public ReplayDecision {
        train = List.copyOf(train);
        stale = List.copyOf(stale);
        exhausted = List.copyOf(exhausted);
        lastUse = List.copyOf(lastUse);
    }

    /** True when the micro-batch is complete. */
    public boolean full() {
        return train.size() == batchSize;
    }
}
