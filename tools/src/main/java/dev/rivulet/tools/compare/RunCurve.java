package dev.rivulet.tools.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of one arm: its held-out accuracy after a given number of generated rollouts, and its
 * headline figures.
 *
 * @param arm arm name
 * @param seed seed index
 * @param points (rollouts, accuracy) after each evaluation, the base evaluation first
 * @param finalAccuracy held-out accuracy at the end
 * @param effectiveGradientRatio share of trained samples with a non-zero advantage
 * @param wallSeconds training wall time
 * @param rollouts rollouts generated
 * @param finalPassAtK held-out pass@k at the end (NaN without a sampled evaluation)
 * @param finalMeanAtK held-out mean@k at the end (NaN without a sampled evaluation)
 */
public record RunCurve(
        String arm,
        int seed,
        List<double[]> points,
        double finalAccuracy,
        double effectiveGradientRatio,
        double wallSeconds,
        long rollouts,
        double finalPassAtK,
        double finalMeanAtK) {

    /** A curve without sampled figures. */
    public RunCurve(
            String arm,
            int seed,
            List<double[]> points,
            double finalAccuracy,
            double effectiveGradientRatio,
            double wallSeconds,
            long rollouts) {
        this(
                arm,
                seed,
                points,
                finalAccuracy,
                effectiveGradientRatio,
                wallSeconds,
                rollouts,
                Double.NaN,
                Double.NaN);
    }

    /** Builds the curve from a run's evaluation rows (one row per cell) and summary. */
    static RunCurve of(String arm, int seed, List<JsonNode> evaluations, JsonNode summary) {
        List<double[]> points = new ArrayList<>();
        long ts = Long.MIN_VALUE;
        int correct = 0;
        int total = 0;
        long rollouts = 0;
        for (JsonNode row : evaluations) {
            if (row.path("ts").asLong() != ts && total > 0) {
                points.add(new double[] {rollouts, (double) correct / total});
                correct = 0;
                total = 0;
            }
            ts = row.path("ts").asLong();
            rollouts = row.path("rollouts").asLong();
            correct += row.path("correct").asInt();
            total += row.path("total").asInt();
        }
        if (total > 0) {
            points.add(new double[] {rollouts, (double) correct / total});
        }
        return new RunCurve(
                arm,
                seed,
                points,
                summary.path("final_accuracy").asDouble(),
                summary.path("effective_gradient_ratio").asDouble(),
                summary.path("training_seconds").asDouble(),
                summary.path("rollouts_generated").asLong(),
                summary.path("final_pass_at_k").asDouble(Double.NaN),
                summary.path("final_mean_at_k").asDouble(Double.NaN));
    }

    /** Rollouts generated when accuracy first reached {@code target}, or -1 if it never did. */
    public long rolloutsTo(double target) {
        for (double[] p : points) {
            if (p[1] >= target) {
                return (long) p[0];
            }
        }
        return -1;
    }

    /** Accuracy before training. */
    public double baseAccuracy() {
        return points.isEmpty() ? Double.NaN : points.get(0)[1];
    }
}
