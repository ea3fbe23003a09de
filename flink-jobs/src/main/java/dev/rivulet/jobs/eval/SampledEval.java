package dev.rivulet.jobs.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import java.util.function.ToDoubleFunction;

/**
 * The sampled half of a held-out evaluation: {@code samples} completions of every prompt at a
 * temperature, and per cell how many of each prompt's samples were correct. mean@k is the mean over
 * prompts of c/n (the same as the unbiased pass@1); pass@k follows {@link PassAtK}.
 *
 * @param samples completions per prompt, n; 0 when the sampled evaluation is off
 * @param temperature sampling temperature
 * @param topP nucleus-sampling mass
 * @param correctByCell cell label → the number of correct samples of each of its prompts
 * @param millis wall time of the sampled pass
 */
public record SampledEval(
        int samples,
        double temperature,
        double topP,
        Map<String, int[]> correctByCell,
        long millis) {

    /** No sampled evaluation. */
    public static final SampledEval NONE = new SampledEval(0, 0, 1, Map.of(), 0);

    public SampledEval {
        if (samples < 0) {
            throw new IllegalArgumentException("samples must be >= 0, got " + samples);
        }
        for (Map.Entry<String, int[]> e : correctByCell.entrySet()) {
            for (int c : e.getValue()) {
                if (c < 0 || c > samples) {
                    throw new IllegalArgumentException(
                            "cell "
                                    + e.getKey()
                                    + " has a prompt with "
                                    + c
                                    + " correct of "
                                    + samples
                                    + " samples");
                }
            }
        }
    }

    /** Whether samples were drawn at all. */
    public boolean enabled() {
        return samples > 0;
    }

    /** mean@k over all prompts (micro), 0 without prompts. */
    public double meanAtK() {
        return overAll(c -> PassAtK.mean(samples, c));
    }

    /** pass@k with k = n over all prompts (micro), 0 without prompts. */
    public double passAtK() {
        return passAt(samples);
    }

    /** pass@k for any {@code 1 <= k <= n} over all prompts (micro), 0 without prompts. */
    public double passAt(int k) {
        return overAll(c -> PassAtK.estimate(samples, c, k));
    }

    /** Cell label → mean@k. */
    public Map<String, Double> meanByCell() {
        return byCell(c -> PassAtK.mean(samples, c));
    }

    /** Cell label → pass@k with k = n. */
    public Map<String, Double> passAtKByCell() {
        return byCell(c -> PassAtK.estimate(samples, c, samples));
    }

    private double overAll(IntToDoubleFunction perPrompt) {
        double sum = 0;
        int prompts = 0;
        for (int[] cs : correctByCell.values()) {
            for (int c : cs) {
                sum += perPrompt.applyAsDouble(c);
                prompts++;
            }
        }
        return prompts == 0 ? 0 : sum / prompts;
    }

    private Map<String, Double> byCell(IntToDoubleFunction perPrompt) {
        Map<String, Double> m = new LinkedHashMap<>();
        ToDoubleFunction<int[]> mean =
                cs -> {
                    double s = 0;
                    for (int c : cs) {
                        s += perPrompt.applyAsDouble(c);
                    }
                    return cs.length == 0 ? 0 : s / cs.length;
                };
        correctByCell.forEach((cell, cs) -> m.put(cell, mean.applyAsDouble(cs)));
        return m;
    }
}
