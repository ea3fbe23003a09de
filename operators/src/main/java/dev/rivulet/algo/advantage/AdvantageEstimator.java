package dev.rivulet.algo.advantage;

import java.util.random.RandomGenerator;

/** Turns the rewards of a group (or of single samples with a baseline) into advantages. */
public interface AdvantageEstimator {

    /**
     * True when the estimator needs the complete group of a prompt before it can answer (grpo and
     * friends); false when each sample can be scored alone against a tracked baseline (spo).
     */
    boolean needsGroup();

    /**
     * Computes one advantage per reward; never modifies the input arrays.
     *
     * @param input rewards, and for non-group estimators the baseline of each sample
     * @param rng randomness for estimators that drop samples (rec with drop=balance)
     */
    AdvantageResult estimate(AdvantageInput input, RandomGenerator rng);
}
