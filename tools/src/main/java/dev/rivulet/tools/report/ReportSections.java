package dev.rivulet.tools.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's sections that read optional parts of a run: the strategies it ran, the sampled
 * held-out evaluation (pass@k, mean@k) per cell, and the reward parts over time. Each renders
 * nothing when its data is absent (older summaries and telemetry).
 */
final class ReportSections {

    /** Windows of the reward-parts table: each tenth of the run. */
    static final int REWARD_PART_WINDOWS = 10;

    private ReportSections() {}

    /** The "Strategies" table from summary.json's config. */
    static void strategies(StringBuilder html, ObjectNode summary) {
        Map<String, String> config = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = summary.path("config").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            config.put(e.getKey(), e.getValue().asText());
        }
        List<StrategyTable.Row> rows = StrategyTable.rows(config);
        if (rows.isEmpty()) {
            return;
        }
        html.append("<h2>Strategies</h2><table>")
                .append("<tr><th>role</th><th>id</th><th>options (* set by the run's config)</th>")
                .append("<th>what it does</th></tr>");
        for (StrategyTable.Row r : rows) {
            html.append("<tr><th>")
                    .append(SvgChart.esc(r.role()))
                    .append("</th><td>")
                    .append(SvgChart.esc(r.id()))
                    .append("</td><td>")
                    .append(SvgChart.esc(r.options()))
                    .append("</td><td>")
                    .append(SvgChart.esc(r.description()))
                    .append("</td></tr>");
        }
        html.append("</table>");
    }

    /** Per cell base and final pass@k and mean@k, when the summary has them. */
    static void sampledByCell(StringBuilder html, ObjectNode summary) {
        if (!summary.has("eval_samples")) {
            return;
        }
        int k = summary.path("eval_samples").asInt();
        html.append("<h2>Held-out pass@")
                .append(k)
                .append(" and mean@")
                .append(k)
                .append(" by cell (")
                .append(k)
                .append(" samples per prompt at temperature ")
                .append(SvgChart.esc(summary.path("eval_temperature").asText()))
                .append(")</h2><table><tr><th>cell</th><th>prompts</th>")
                .append("<th>base pass@k</th><th>final pass@k</th>")
                .append("<th>base mean@k</th><th>final mean@k</th></tr>");
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        summary.path("accuracy_by_difficulty").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode c = e.getValue();
            html.append("<tr><td>")
                    .append(SvgChart.esc(e.getKey()))
                    .append("</td><td>")
                    .append(c.path("prompts").asInt());
            for (String f :
                    new String[] {
                        "base_pass_at_k", "final_pass_at_k", "base_mean_at_k", "final_mean_at_k"
                    }) {
                html.append("</td><td>").append(fmt(c.path(f)));
            }
            html.append("</td></tr>");
        }
        html.append("</table>");
    }

    /** Each reward part's mean per tenth of the run, when rollouts carry reward parts. */
    static void rewardParts(StringBuilder html, RunData data) {
        List<RewardParts.Window> windows = data.rewardPartsOverTime(REWARD_PART_WINDOWS);
        if (windows.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>(data.rewardPartsMean().keySet());
        html.append("<h2>Reward parts over time (mean per tenth of the run)</h2><table><tr>")
                .append("<th>seconds</th><th>rollouts</th>");
        names.forEach(n -> html.append("<th>").append(SvgChart.esc(n)).append("</th>"));
        html.append("</tr>");
        for (RewardParts.Window w : windows) {
            html.append("<tr><td>")
                    .append(String.format(Locale.ROOT, "%.0f–%.0f", w.fromSeconds(), w.toSeconds()))
                    .append("</td><td>")
                    .append(w.rollouts());
            for (String n : names) {
                Double v = w.means().get(n);
                html.append("</td><td>")
                        .append(v == null ? "" : String.format(Locale.ROOT, "%.4f", v));
            }
            html.append("</td></tr>");
        }
        html.append("<tr><th>whole run</th><td>").append(data.rolloutsWithRewardParts());
        for (String n : names) {
            html.append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.4f", data.rewardPartsMean().get(n)));
        }
        html.append("</td></tr></table>");
    }

    private static String fmt(JsonNode v) {
        if (v.isMissingNode() || v.isNull()) {
            return "";
        }
        return v.isNumber() ? String.format(Locale.ROOT, "%.4f", v.asDouble()) : v.asText();
    }
}
