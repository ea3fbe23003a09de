package dev.rivulet.server.learn;

/**
 * A copy of AdamW's state, for snapshots and checkpoints.
 *
 * @param step number of updates applied so far
 * @param firstMoment m per parameter, same order as the policy's parameters
 * @param secondMoment v per parameter
 */
public record OptimizerState(long step, float[][] firstMoment, float[][] secondMoment) {}
