package dev.rivulet.algo.shape;

import dev.rivulet.protocol.Prompt;
import java.util.List;
import java.util.Objects;

/**
 * The samples of one prompt's visit, in sample order.
 *
 * @param prompt the prompt (its task and answer)
 * @param samples the samples, at least one
 */
public record ShapingGroup(Prompt prompt, List<ShapingSample> samples) {

    public ShapingGroup {
        Objects.requireNonNull(prompt, "prompt");
        samples = List.copyOf(samples);
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a shaping group needs at least one sample");
        }
    }

    /** The number of samples. */
    public int size() {
        return samples.size();
    }

    /** Sample {@code i}. */
    public ShapingSample sample(int i) {
        return samples.get(i);
    }

    /** The task rewards, in sample order. */
    public double[] taskRewards() {
        double[] r = new double[samples.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = samples.get(i).taskReward();
        }
        return r;
    }
}
