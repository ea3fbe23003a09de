package dev.rivulet.server.loss;

import ai.djl.ndarray.NDArray;

/**
 * A loss value and its diagnostics.
 *
 * @param loss scalar token-mean loss (differentiable with respect to {@code logp})
 * @param clipFraction share of valid tokens whose policy-gradient term is masked or clipped away
 */
public record LossResult(NDArray loss, double clipFraction) {}
