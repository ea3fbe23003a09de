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
 * @param groupBound true when groups are kept together and the next whole group in the policy's
 *     order did not fit into the rest of the batch: the batch is as full as whole groups allow
 */
public record ReplayDecision(
        List<String> train,
        List<String> stale,
        List<String> exhausted,
        List<String> lastUse,
        int batchSize,
        boolean groupBound) {

    public ReplayDecision {
        train = List.copyOf(train);
        stale = List.copyOf(stale);
        exhausted = List.copyOf(exhausted);
        lastUse = List.copyOf(lastUse);
    }

    /** A decision without groups kept together. */
    public ReplayDecision(
            List<String> train,
            List<String> stale,
            List<String> exhausted,
            List<String> lastUse,
            int batchSize) {
        this(train, stale, exhausted, lastUse, batchSize, false);
    }

    /**
     * True when the micro-batch is complete: it has {@code batchSize} rows, or (groups kept
     * together) the next group does not fit.
     */
    public boolean full() {
        return train.size() == batchSize || groupBound;
    }
}
