package dev.rivulet.server.state;

import dev.rivulet.server.learn.OptimizerState;

/**
 * Weights and optimizer state of one policy version, held in memory.
 *
 * @param version the policy version
 * @param weights parameter values in the policy's order
 * @param optimizer AdamW state
 */
public record Snapshot(long version, float[][] weights, OptimizerState optimizer) {}
