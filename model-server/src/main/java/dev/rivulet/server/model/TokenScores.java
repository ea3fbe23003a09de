package dev.rivulet.server.model;

import ai.djl.ndarray.NDArray;

/**
 * Per-position outputs of a training forward pass, shape (batch, positions).
 *
 * @param logp log-prob of each target token under the policy at temperature 1 (differentiable)
 * @param entropy entropy (nats) of the policy's next-token distribution at temperature 1 (detached
 *     unless the caller asked for its gradient)
 * @param logProbs the full (batch, positions, vocabulary) log-probabilities with their gradient, or
 *     null unless the caller asked for them
 */
public record TokenScores(NDArray logp, NDArray entropy, NDArray logProbs) {

    /** Scores without the full distribution. */
    public TokenScores(NDArray logp, NDArray entropy) {
        this(logp, entropy, null);
    }

    /**
     * H = −Σ_v exp(lp_v)·lp_v over the last axis of log-probabilities {@code logProbs} (rows,
     * positions, vocabulary); differentiable through {@code logProbs}.
     */
    public static NDArray entropy(NDArray logProbs) {
        int last = logProbs.getShape().dimension() - 1;
        return logProbs.exp().mul(logProbs).sum(new int[] {last}).neg();
    }
}
