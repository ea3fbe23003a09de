package dev.rivulet.server.pretrain;

import java.util.List;

/**
 * What a warm-up run did.
 *
 * @param stepLosses cross-entropy per answer token of every step's batch
 * @param epochLosses token-weighted mean cross-entropy of every epoch
 * @param tokens answer tokens trained on in total
 * @param seconds wall-clock time
 */
public record PretrainResult(
        List<Double> stepLosses, List<Double> epochLosses, long tokens, double seconds) {

    /** Loss of the last epoch. */
    public double finalLoss() {
        return epochLosses.get(epochLosses.size() - 1);
    }
}
