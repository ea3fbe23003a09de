package dev.rivulet.tools.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a run produced that the summary and the report read: rollout, learner-step, evaluation
 * and dead-letter rows, accumulated as they are polled.
 */
public final class RunData {

    public final List<JsonNode> rollouts = new ArrayList<>();
    public final List<JsonNode> steps = new ArrayList<>();
    public final List<JsonNode> evaluations = new ArrayList<>();
    public final List<JsonNode> deadLetters = new ArrayList<>();

    /** Rollouts generated per prompt id. */
    public Map<String, Integer> rolloutsPerPrompt() {
        Map<String, Integer> m = new HashMap<>();
        for (JsonNode r : rollouts) {
            m.merge(r.path("prompt_id").asText(), 1, Integer::sum);
        }
        return m;
    }

    /** Samples trained, summed over learner steps. */
    public long trained() {
        return steps.stream().mapToLong(s -> s.path("samples").asLong()).sum();
    }

    /** Share of trained samples with a non-zero advantage. */
    public double effectiveGradientRatio() {
        double num = 0;
        double den = 0;
        for (JsonNode s : steps) {
            double n = s.path("samples").asDouble();
            num += n * s.path("effective_gradient_ratio").asDouble();
            den += n;
        }
        return den == 0 ? 0 : num / den;
    }

    /** The newest learner step (highest policy version, then most rollouts received), or null. */
    public JsonNode lastStep() {
        return steps.stream()
                .max(
                        java.util.Comparator.<JsonNode>comparingLong(
                                        s -> s.path("policy_version").asLong())
                                .thenComparingLong(s -> s.path("received").asLong()))
                .orElse(null);
    }

    /**
     * Fraction of the training period (first step sent to last step acknowledged) during which the
     * learner had a batch: Σ train time / span.
     */
    public double learnerBusyFraction() {
        if (steps.size() < 2) {
            return 0;
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        double busy = 0;
        for (JsonNode s : steps) {
            long ts = s.path("ts").asLong();
            long ms = s.path("train_millis").asLong();
            first = Math.min(first, ts - ms);
            last = Math.max(last, ts);
            busy += ms;
        }
        return last <= first ? 0 : Math.min(1.0, busy / (last - first));
    }

    /**
     * Mean of each named reward part over the rollouts that carry {@code reward_parts} (part name →
     * mean, names sorted); empty for telemetry written before reward parts existed.
     */
    public Map<String, Double> rewardPartsMean() {
        return RewardParts.means(rollouts);
    }

    /**
     * Each reward part's mean over time: the span from the first to the last rollout carrying
     * parts, cut into {@code windows} equal windows (empty windows left out).
     */
    public List<RewardParts.Window> rewardPartsOverTime(long startMillis, int windows) {
        return RewardParts.overTime(rollouts, startMillis, windows);
    }
}
