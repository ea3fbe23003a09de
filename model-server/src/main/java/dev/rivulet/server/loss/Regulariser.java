package dev.rivulet.server.loss;

import ai.djl.ndarray.NDArray;

/**
 * A per-token term a REC-family loss adds to its masked, weighted policy-gradient term, for example
 * opmd's c·(logp − oldLogp)²; a new one is a lambda in the factory of the loss that uses it.
 */
@FunctionalInterface
public interface Regulariser {

    /** The term, shaped like {@code in.logp()}; it may carry gradient through {@code logp}. */
    NDArray term(LossInput in);
}
