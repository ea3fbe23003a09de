package dev.rivulet.operators.learner;

/**
 * Counters of a LearnerSink, in keyed state.
 *
 * @param nextSequence insertion number of the next buffered rollout
 * @param nextBatch number of the next micro-batch (batch ids derive from it)
 * @param policyVersion the version the server reported after the last acknowledged batch
 * @param trained rollouts trained so far (counting reuse)
 * @param droppedStale rollouts dropped for exceeding the staleness bound
 * @param buffered rollouts in the buffer now
 * @param batches acknowledged batches
 * @param rejected rollouts of batches the server refused as invalid (sent to the dead letters)
 */
public record LearnerMeta(
        long nextSequence,
        long nextBatch,
        long policyVersion,
        long trained,
        long droppedStale,
        long buffered,
        long batches,
        long rejected) {

    /**
     * These counters after rollouts left the buffer untrained: {@code stale} dropped for staleness,
     * {@code rejected} refused by the server, {@code other} exhausted by reuse.
     */
    LearnerMeta withRemoved(long stale, long rejected, long other) {
        return new LearnerMeta(
                nextSequence,
                nextBatch,
                policyVersion,
                trained,
                droppedStale + stale,
                buffered - stale - rejected - other,
                batches,
                this.rejected + rejected);
    }

    static LearnerMeta start(long version) {
        return new LearnerMeta(0, 0, version, 0, 0, 0, 0, 0);
    }
}
