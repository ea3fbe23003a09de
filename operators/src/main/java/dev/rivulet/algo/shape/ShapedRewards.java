package dev.rivulet.algo.shape;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A shaper's decision for a visit: one reward per sample and, per sample, the named extra parts
 * that explain it (for telemetry's reward parts; they never change the reward).
 *
 * @param rewards the shaped reward of each sample, finite
 * @param parts per sample, part name to value, in report order (empty maps when none)
 */
public record ShapedRewards(double[] rewards, List<Map<String, Double>> parts) {

    public ShapedRewards {
        if (rewards == null || parts == null) {
            throw new IllegalArgumentException("rewards and parts must not be null");
        }
        if (parts.size() != rewards.length) {
            throw new IllegalArgumentException(
                    "got "
                            + rewards.length
                            + " rewards but "
                            + parts.size()
                            + " part maps; give one per sample");
        }
        for (int i = 0; i < rewards.length; i++) {
            if (!Double.isFinite(rewards[i])) {
                throw new IllegalArgumentException(
                        "shaped reward of sample " + i + " must be finite, got " + rewards[i]);
            }
        }
        rewards = rewards.clone();
        List<Map<String, Double>> copy = new ArrayList<>(parts.size());
        for (Map<String, Double> p : parts) {
            copy.add(Collections.unmodifiableMap(new LinkedHashMap<>(p)));
        }
        parts = List.copyOf(copy);
    }

    /** Rewards without extra parts. */
    public static ShapedRewards of(double[] rewards) {
        return new ShapedRewards(rewards, Collections.nCopies(rewards.length, Map.of()));
    }

    @Override
    public double[] rewards() {
        return rewards.clone();
    }

    /** The shaped reward of sample {@code i}. */
    public double reward(int i) {
        return rewards[i];
    }

    /** The number of samples. */
    public int size() {
        return rewards.length;
    }
}
