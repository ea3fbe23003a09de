package dev.rivulet.algo.reward;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A reward split into named parts (correctness, format, ...) next to the scalar the advantage uses.
 *
 * <p>The parts are diagnostics for telemetry: they explain the scalar but never change it. Their
 * order is the order the reward function reports them in.
 *
 * @param reward the scalar reward, the same value {@link RewardFunction#reward} returns
 * @param parts part name to value, in report order; unmodifiable, names non-blank, values finite
 */
public record RewardBreakdown(double reward, Map<String, Double> parts) {

    /** Whether the answer is right: the scalar itself for every built-in reward. */
    public static final String CORRECTNESS = "correctness";

    /** Whether an answer could be read in the format the reward expects (1.0) or not (0.0). */
    public static final String FORMAT = "format";

    public RewardBreakdown {
        if (!Double.isFinite(reward)) {
            throw new IllegalArgumentException("reward must be finite, got " + reward);
        }
        if (parts == null) {
            throw new IllegalArgumentException("parts must not be null");
        }
        LinkedHashMap<String, Double> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : parts.entrySet()) {
            String name = e.getKey();
            Double value = e.getValue();
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("reward part names must not be blank");
            }
            if (value == null || !Double.isFinite(value)) {
                throw new IllegalArgumentException(
                        "reward part '" + name + "' must be finite, got " + value);
            }
            copy.put(name, value);
        }
        parts = Collections.unmodifiableMap(copy);
    }

    /** The default breakdown: one part, {@code correctness}, equal to the scalar. */
    public static RewardBreakdown correctness(double reward) {
        return new RewardBreakdown(reward, Map.of(CORRECTNESS, reward));
    }

    /** This breakdown with one more part, reported after the others. */
    public RewardBreakdown with(String part, double value) {
        if (parts.containsKey(part)) {
            throw new IllegalArgumentException("reward part '" + part + "' is already set");
        }
        LinkedHashMap<String, Double> more = new LinkedHashMap<>(parts);
        more.put(part, value);
        return new RewardBreakdown(reward, more);
    }

    /** This breakdown with one more 0/1 part. */
    public RewardBreakdown with(String part, boolean value) {
        return with(part, value ? 1.0 : 0.0);
    }
}
