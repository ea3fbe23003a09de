/**
 * Token-level policy-gradient losses on NDArrays (autograd gives d loss / d logp), found by id in
 * {@link dev.rivulet.server.loss.PolicyLosses}; formulas follow design/ALGORITHMS.md.
 */
package dev.rivulet.server.loss;
