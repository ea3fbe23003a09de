package dev.rivulet.server.loss;

import ai.djl.ndarray.NDArray;

/**
 * A per-token term a loss adds to its policy-gradient term before aggregation, for example opmd's
 * c·(logp − oldLogp)²: a strategy family of its own ({@link Regularisers}, listed in
 * META-INF/services); docs/algorithms/regulariser-&lt;id&gt;.md.
 */
@FunctionalInterface
public interface Regulariser {

    /** The term, shaped like {@code in.logp()}; it may carry gradient through {@code logp}. */
    NDArray term(LossInput in);

    /**
     * Whether the term reads {@link LossInput#entropy()} (then the learner computes the policy's
     * entropy with its gradient, which costs memory: the full-vocabulary distribution is kept for
     * the backward pass).
     */
    default boolean needsEntropy() {
        return false;
    }
}
