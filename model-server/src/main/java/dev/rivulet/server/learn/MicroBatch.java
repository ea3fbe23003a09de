package dev.rivulet.server.learn;

import java.util.List;

/**
 * The unit of one learner step.
 *
 * @param batchId deterministic id from the sender (the ledger's idempotency key)
 * @param samples the rollouts
 * @param normalizeAdvantages SPO: replace A by (A − mean)/(std + 1e-8) over the batch (unbiased
 *     std, 0 for one sample)
 */
public record MicroBatch(String batchId, List<TrainSample> samples, boolean normalizeAdvantages) {

    /** A batch without advantage normalisation. */
    public static MicroBatch of(String batchId, List<TrainSample> samples) {
        return new MicroBatch(batchId, samples, false);
    }
}
