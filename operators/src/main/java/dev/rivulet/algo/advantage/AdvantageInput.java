package dev.rivulet.algo.advantage;

import java.util.Arrays;
import java.util.List;

/**
 * The rewards of one group (or of independent samples) and, for baseline estimators such as spo,
 * the tracked value of each sample's prompt taken before that sample updated it; optionally each
 * sample's {@link SampleFeatures} (response, log-probs, finish reason, entropies) for strategies
 * that need more than rewards. Estimators that only read rewards ignore the features.
 *
 * @param rewards one reward per sample
 * @param baselines one baseline per sample, or an empty array for group estimators
 * @param features one feature set per sample, or an empty list when the caller has none
 */
public record AdvantageInput(double[] rewards, double[] baselines, List<SampleFeatures> features) {

    public AdvantageInput {
        if (rewards == null || baselines == null || features == null) {
            throw new IllegalArgumentException("rewards, baselines and features must not be null");
        }
        if (!features.isEmpty() && features.size() != rewards.length) {
            throw new IllegalArgumentException(
                    "got "
                            + rewards.length
                            + " rewards but "
                            + features.size()
                            + " feature sets; give one per reward or none");
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
        features = List.copyOf(features);
    }

    /** Rewards and baselines without per-sample features. */
    public AdvantageInput(double[] rewards, double[] baselines) {
        this(rewards, baselines, List.of());
    }

    /** This input with one feature set per sample (the list is copied). */
    public AdvantageInput withFeatures(List<SampleFeatures> perSample) {
        return new AdvantageInput(rewards, baselines, perSample);
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

    /** Whether the caller gave per-sample features. */
    public boolean hasFeatures() {
        return !features.isEmpty();
    }

    /** The features of sample {@code i}; fails when the input has none. */
    public SampleFeatures feature(int i) {
        if (features.isEmpty()) {
            throw new IllegalStateException("this input carries no per-sample features");
        }
        return features.get(i);
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
                && Arrays.equals(baselines, other.baselines)
                && features.equals(other.features);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(rewards) + Arrays.hashCode(baselines))
                + features.hashCode();
    }

    @Override
    public String toString() {
        return "AdvantageInput[rewards="
                + Arrays.toString(rewards)
                + ", baselines="
                + Arrays.toString(baselines)
                + ", features="
                + features
                + "]";
    }
}
