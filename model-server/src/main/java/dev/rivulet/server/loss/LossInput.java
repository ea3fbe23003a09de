package dev.rivulet.server.loss;

import ai.djl.ndarray.NDArray;

/**
 * Inputs of a policy loss, all (rows, tokens) of one data type (the learner uses float64).
 *
 * @param logp log-probs of the taken tokens under the weights being trained (carries gradient)
 * @param oldLogp log-probs under the behaviour policy that generated the tokens
 * @param advantages advantage of each token: a sequence's advantage repeated over its tokens, or
 *     its per-token advantages A_t when the row has them
 * @param valid 1 for real response tokens, 0 for padding; the token-mean denominator is its sum
 * @param entropy entropy (nats) of the current policy's full next-token distribution at each
 *     position, carrying gradient when the loss asks for it ({@link PolicyLoss#needsEntropy()});
 *     null when the caller did not compute it
 * @param context the rows' groups, response tokens, the learner's step and the optional tensors
 *     asked for with {@link LossNeed}; {@link LossContext#NONE} when the caller has none
 */
public record LossInput(
        NDArray logp,
        NDArray oldLogp,
        NDArray advantages,
        NDArray valid,
        NDArray entropy,
        LossContext context) {

    /** A null context means {@link LossContext#NONE}. */
    public LossInput {
        context = context == null ? LossContext.NONE : context;
    }

    /** Inputs without a row context. */
    public LossInput(
            NDArray logp, NDArray oldLogp, NDArray advantages, NDArray valid, NDArray entropy) {
        this(logp, oldLogp, advantages, valid, entropy, LossContext.NONE);
    }

    /** Inputs without the policy's entropy (enough for every loss without an entropy term). */
    public LossInput(NDArray logp, NDArray oldLogp, NDArray advantages, NDArray valid) {
        this(logp, oldLogp, advantages, valid, null, LossContext.NONE);
    }
}
