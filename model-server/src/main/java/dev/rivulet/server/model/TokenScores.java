package dev.rivulet.server.model;

import ai.djl.ndarray.NDArray;

/**
 * Per-position outputs of a training forward pass, shape (batch, positions).
 *
 * @param logp log-prob of each target token under the policy at temperature 1 (differentiable)
 * @param entropy entropy of the policy's next-token distribution (detached)
 */
public record TokenScores(NDArray logp, NDArray entropy) {}
