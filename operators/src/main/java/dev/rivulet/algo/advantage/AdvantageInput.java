package dev.rivulet.algo.advantage;

import java.util.Arrays;

/**
 * The rewards of one group (or of independent samples) and, for baseline estimators such as spo,
 * the tracked value of each sample's prompt taken before that sample updated it.
 *
 * @param rewards one reward per sample
 * @param baselines one baseline per sample, or an empty array for group estimators
 */
public record AdvantageInput(double[] rewards, double[] baselines) {

    public AdvantageInput {
        if (rewards == null || baselines == null) {
            throw new IllegalArgumentException("rewards and baselines must not be null");
        }
        if (baselines.length != 0 && baselines.length != rewards.length) {
            throw new IllegalArgumentException(
                    "got "
                            + rewards.length
                            + " rewards but "
                            + baselines.length
                            + " baselines; give one baseline per reward or none");
        }
        rewards = rewards.clone();
        baselines = baselines.clone();
    }

    /** A group of rewards without baselines. */
    public static AdvantageInput group(double... rewards) {
        return new AdvantageInput(rewards, new double[0]);
    }

    /** Samples with their baselines (v̂ before the update), for spo. */
    public static AdvantageInput withBaselines(double[] rewards, double[] baselines) {
        return new AdvantageInput(rewards, baselines);
    }

    @Override
    public double[] rewards() {
        return rewards.clone();
    }

    @Override
    public double[] baselines() {
        return baselines.clone();
    }

    public int size() {
        return rewards.length;
    }

    double reward(int i) {
        return rewards[i];
    }

    double baseline(int i) {
        return baselines[i];
    }

    boolean hasBaselines() {
        return baselines.length == rewards.length && rewards.length > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdvantageInput other
                && Arrays.equals(rewards, other.rewards)
                && Arrays.equals(baselines, other.baselines);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(rewards) + Arrays.hashCode(baselines);
    }

    @Override
    public String toString() {
        return "AdvantageInput[rewards="
                + Arrays.toString(rewards)
                + ", baselines="
                + Arrays.toString(baselines)
                + "]";
    }
}
