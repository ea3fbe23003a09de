package dev.rivulet.jobs.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One held-out evaluation: per cell (task and difficulty) how many prompts were answered correctly
 * by greedy decoding, the outcome of every prompt (for paired comparisons between two evaluations),
 * and the sampled figures (pass@k, mean@k) when samples were drawn.
 *
 * @param ts wall-clock milliseconds when it finished
 * @param policyVersion the version evaluated
 * @param cells cell label → [correct, total]
 * @param outcomes prompt id → 1 correct, 0 wrong
 * @param sampled the sampled evaluation, {@link SampledEval#NONE} when off
 */
public record EvalResult(
        long ts,
        long policyVersion,
        Map<String, int[]> cells,
        Map<String, Integer> outcomes,
        SampledEval sampled) {

    /** A greedy-only evaluation. */
    public EvalResult(
            long ts, long policyVersion, Map<String, int[]> cells, Map<String, Integer> outcomes) {
        this(ts, policyVersion, cells, outcomes, SampledEval.NONE);
    }

    public EvalResult {
        java.util.Objects.requireNonNull(sampled, "sampled");
    }

    /** Micro accuracy over all held-out prompts. */
    public double accuracy() {
        int c = 0;
        int t = 0;
        for (int[] v : cells.values()) {
            c += v[0];
            t += v[1];
        }
        return t == 0 ? 0 : (double) c / t;
    }

    /** Macro accuracy: the mean of the cells' accuracies. */
    public double macroAccuracy() {
        return cells.values().stream()
                .filter(v -> v[1] > 0)
                .mapToDouble(v -> (double) v[0] / v[1])
                .average()
                .orElse(0);
    }

    /** Cell label → accuracy. */
    public Map<String, Double> byCell() {
        Map<String, Double> m = new LinkedHashMap<>();
        cells.forEach((k, v) -> m.put(k, v[1] == 0 ? 0 : (double) v[0] / v[1]));
        return m;
    }

    /**
     * The improvement of {@code after} over {@code before} in micro accuracy with a 95% confidence
     * interval from the paired per-prompt differences (normal approximation): {mean, low, high}.
     */
    public static double[] pairedImprovement(EvalResult before, EvalResult after) {
        List<String> ids =
                before.outcomes().keySet().stream().filter(after.outcomes()::containsKey).toList();
        int n = ids.size();
        if (n < 2) {
            return new double[] {0, 0, 0};
        }
        double sum = 0;
        double sumSq = 0;
        for (String id : ids) {
            double d = after.outcomes().get(id) - before.outcomes().get(id);
            sum += d;
            sumSq += d * d;
        }
        double mean = sum / n;
        double var = (sumSq - n * mean * mean) / (n - 1);
        double se = Math.sqrt(Math.max(var, 0) / n);
        return new double[] {mean, mean - 1.96 * se, mean + 1.96 * se};
    }
}
