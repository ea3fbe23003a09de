package dev.rivulet.server.loss;

import ai.djl.ndarray.NDArray;
import java.util.Set;

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
        return needs().contains(LossNeed.ENTROPY);
    }

    /** What {@link #term} reads beyond log-probs, advantages and mask; none by default. */
    default Set<LossNeed> needs() {
        return Set.of();
    }

    /** The union of the needs of {@code regularisers} (nulls skipped). */
    static Set<LossNeed> needsOf(java.util.Collection<Regulariser> regularisers) {
        java.util.EnumSet<LossNeed> out = java.util.EnumSet.noneOf(LossNeed.class);
        for (Regulariser r : regularisers) {
            if (r != null) {
                out.addAll(r.needs());
            }
        }
        return java.util.Collections.unmodifiableSet(out);
    }
}
