package dev.rivulet.algo.shape;

/**
 * Turns the task rewards of one prompt's visit into shaped rewards.
 *
 * <p>A shaper sees the whole group (some shape by the group's correctness ratio or its lengths) and
 * returns a decision: one reward per sample plus named extra parts for telemetry. It never changes
 * the task's reward breakdown; the loop reports that next to the extra parts.
 */
public interface RewardShaper {

    /**
     * The shaped rewards of a visit.
     *
     * @param group the prompt and, in sample order, each sample's task reward, features and text
     * @return one shaped reward per sample, in the same order
     */
    ShapedRewards shape(ShapingGroup group);
}
