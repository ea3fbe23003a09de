package dev.rivulet.algo.sampling;

import java.util.Arrays;

/**
 * The rewards of one finished group of rollouts of a prompt.
 *
 * @param groupId the group's id (for example the prompt id and visit)
 * @param rewards the rewards of the group's rollouts
 */
public record RolloutGroup(String groupId, double[] rewards) {

    public RolloutGroup {
        if (groupId == null || rewards == null) {
            throw new IllegalArgumentException("groupId and rewards must not be null");
        }
        rewards = rewards.clone();
    }

    public static RolloutGroup of(String groupId, double... rewards) {
        return new RolloutGroup(groupId, rewards);
    }

    @Override
    public double[] rewards() {
        return rewards.clone();
    }

    public int size() {
        return rewards.length;
    }

    /** True when every reward equals the first (groups of 0 or 1 included). */
    public boolean allEqual() {
        for (double r : rewards) {
            if (r != rewards[0]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RolloutGroup g
                && groupId.equals(g.groupId)
                && Arrays.equals(rewards, g.rewards);
    }

    @Override
    public int hashCode() {
        return groupId.hashCode() * 31 + Arrays.hashCode(rewards);
    }

    @Override
    public String toString() {
        return "RolloutGroup[" + groupId + ", " + Arrays.toString(rewards) + "]";
    }
}
