package dev.rivulet.server.loss;

import ai.djl.ndarray.NDArray;

/**
 * Inputs of a policy loss, all (rows, tokens) of one data type (the learner uses float64).
 *
 * @param logp log-probs of the taken tokens under the weights being trained (carries gradient)
 * @param oldLogp log-probs under the behaviour policy that generated the tokens
 * @param advantages advantage of each token (a sequence's advantage repeated over its tokens)
 * @param valid 1 for real response tokens, 0 for padding; the token-mean denominator is its sum
 */
public record LossInput(NDArray logp, NDArray oldLogp, NDArray advantages, NDArray valid) {}
