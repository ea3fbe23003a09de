package dev.rivulet.tools.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.jobs.eval.EvalResult;
import dev.rivulet.jobs.eval.SampledEval;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Builds {@code summary.json}: the run's headline figures, measured from its own telemetry. */
public final class Summary {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Summary() {}

    public static ObjectNode build(
            RunData data,
            EvalResult base,
            EvalResult last,
            double wallSeconds,
            double trainingSeconds,
            long policyVersion,
            Map<String, String> config) {
        ObjectNode s = JSON.createObjectNode();
        s.put("base_accuracy", base.accuracy());
        s.put("final_accuracy", last.accuracy());
        s.put("base_macro_accuracy", base.macroAccuracy());
        s.put("final_macro_accuracy", last.macroAccuracy());
        putSampled(s, base.sampled(), last.sampled());
        ObjectNode byDiff = s.putObject("accuracy_by_difficulty");
        base.byCell()
                .forEach(
                        (cell, acc) -> {
                            ObjectNode c = byDiff.putObject(cell);
                            c.put("base", acc);
                            c.put("final", last.byCell().getOrDefault(cell, Double.NaN));
                            c.put("prompts", base.cells().get(cell)[1]);
                            putSampledCell(c, cell, base.sampled(), last.sampled());
                        });
        var groupCells = data.groupsByCell();
        if (!groupCells.isEmpty()) {
            // written only when the telemetry has groups (rows with group_size)
            ObjectNode groups = s.putObject("groups_by_difficulty");
            groupCells.forEach(
                    (cell, g) -> {
                        ObjectNode c = groups.putObject(cell);
                        c.put("groups", g.groups());
                        // null: one-sample visits only / no group completed / no row
                        putShare(c, "all_equal_share", g.allEqualShare());
                        putShare(c, "hinted_share", g.hintedShare());
                        putShare(c, "zero_advantage_share", g.zeroAdvantageShare());
                    });
        }
        double[] ci = EvalResult.pairedImprovement(base, last);
        s.put("improvement", ci[0]);
        s.putArray("improvement_ci95").add(ci[1]).add(ci[2]);
        s.put("heldout_prompts", base.outcomes().size());
        s.put("rollouts_generated", data.rolloutCount());
        s.put("rollouts_trained", data.trained());
        var last0 = data.lastStep();
        s.put("rollouts_dropped_stale", last0 == null ? 0 : last0.path("dropped_stale").asLong());
        // rollouts (not groups, despite the key's name) that dynamic sampling dropped; a prior
        // sample is dropped too (never trained on) but counted under prior_rollouts instead
        s.put("groups_dropped_dynamic_sampling", data.droppedByDynamicSampling());
        s.put("prior_rollouts", data.priorRollouts());
        s.put("dead_letters", data.deadLetters.size());
        s.put("effective_gradient_ratio", data.effectiveGradientRatio());
        s.put("learner_steps", data.steps.size());
        s.put("policy_version", policyVersion);
        s.put("wall_seconds", wallSeconds);
        s.put("training_seconds", trainingSeconds);
        s.put(
                "rollouts_per_second",
                trainingSeconds <= 0 ? 0 : data.rolloutCount() / trainingSeconds);
        s.put("learner_busy_fraction", data.learnerBusyFraction());
        Map<String, Double> parts = data.rewardPartsMean();
        if (!parts.isEmpty()) {
            ObjectNode p = s.putObject("reward_parts_mean");
            parts.forEach(p::put);
        }
        ObjectNode cfg = s.putObject("config");
        config.forEach(cfg::put);
        return s;
    }

    /**
     * The sampled evaluation's headline figures (base and final pass@k and mean@k, n and the
     * temperature), when both evaluations drew samples.
     */
    static void putSampled(ObjectNode s, SampledEval base, SampledEval last) {
        if (!base.enabled() || !last.enabled()) {
            return;
        }
        s.put("eval_samples", last.samples());
        s.put("eval_temperature", last.temperature());
        s.put("base_pass_at_k", base.passAtK());
        s.put("final_pass_at_k", last.passAtK());
        s.put("base_mean_at_k", base.meanAtK());
        s.put("final_mean_at_k", last.meanAtK());
    }

    /** A share, or null where it is undefined (NaN). */
    private static void putShare(ObjectNode node, String key, double share) {
        if (Double.isFinite(share)) {
            node.put(key, share);
        } else {
            node.putNull(key);
        }
    }

    private static void putSampledCell(
            ObjectNode c, String cell, SampledEval base, SampledEval last) {
        if (!base.enabled() || !last.enabled()) {
            return;
        }
        c.put("base_pass_at_k", base.passAtKByCell().getOrDefault(cell, Double.NaN));
        c.put("final_pass_at_k", last.passAtKByCell().getOrDefault(cell, Double.NaN));
        c.put("base_mean_at_k", base.meanByCell().getOrDefault(cell, Double.NaN));
        c.put("final_mean_at_k", last.meanByCell().getOrDefault(cell, Double.NaN));
    }

    public static void write(ObjectNode summary, Path file) throws IOException {
        JSON.writeValue(file.toFile(), summary);
    }
}
