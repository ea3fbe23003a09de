package dev.rivulet.server.loss;

/**
 * What a loss or regulariser reads beyond the per-token log-probs, advantages and mask; the learner
 * computes only what some part of the loss asks for (each costs time or memory).
 */
public enum LossNeed {
    /** {@link LossInput#entropy()} with its gradient (the full distribution kept for backward). */
    ENTROPY,
    /**
     * {@link LossContext#refLogp()}: log-probs under a frozen reference policy (the learner then
     * keeps a copy of the initial weights, as a KL to the reference does).
     */
    REFERENCE,
    /**
     * {@link LossContext#logProbs()}: the full (rows, positions, vocabulary) log-probabilities with
     * their gradient; as costly in memory as {@link #ENTROPY}.
     */
    DISTRIBUTION,
    /**
     * Whole groups in one pass: the learner keeps a group's rows contiguous and never splits a
     * group across row chunks ({@link LossContext#groups()}).
     */
    GROUPS
}
