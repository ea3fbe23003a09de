package dev.rivulet.tools.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes {@code report.html}: the summary table and SVG plots of held-out accuracy and reward over
 * time per difficulty, rollouts per prompt, effective-gradient ratio and staleness.
 */
public final class HtmlReport {

    private HtmlReport() {}

    public static void write(RunData data, ObjectNode summary, Path file) throws IOException {
        StringBuilder html = new StringBuilder();
        html.append(
                        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Rivulet run report</title>")
                .append("<style>body{font-family:sans-serif;margin:24px;max-width:1400px}")
                .append(
                        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}")
                .append(".charts{display:flex;flex-wrap:wrap;gap:12px}</style></head><body>");
        html.append("<h1>Rivulet run report</h1>");
        ReportSections.strategies(html, summary);
        html.append("<h2>Summary</h2><table>");
        for (Iterator<Map.Entry<String, JsonNode>> it = summary.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("config") || e.getKey().equals("accuracy_by_difficulty")) {
                continue;
            }
            html.append("<tr><th>")
                    .append(SvgChart.esc(e.getKey()))
                    .append("</th><td>")
                    .append(SvgChart.esc(fmt(e.getValue())))
                    .append("</td></tr>");
        }
        html.append(
                "</table><h2>Held-out accuracy by cell (greedy)</h2><table><tr><th>cell</th><th>prompts</th><th>base</th><th>final</th></tr>");
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        summary.path("accuracy_by_difficulty").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            html.append("<tr><td>")
                    .append(SvgChart.esc(e.getKey()))
                    .append("</td><td>")
                    .append(e.getValue().path("prompts").asInt())
                    .append("</td><td>")
                    .append(fmt(e.getValue().path("base")))
                    .append("</td><td>")
                    .append(fmt(e.getValue().path("final")))
                    .append("</td></tr>");
        }
        html.append("</table>");
        ReportSections.sampledByCell(html, summary);
        ReportSections.rewardParts(html, data);
        html.append("<h2>Plots</h2><div class=\"charts\">");
        for (SvgChart c : charts(data)) {
            html.append("<div>").append(c.render()).append("</div>");
        }
        html.append("</div><h2>Configuration</h2><table>");
        for (Iterator<Map.Entry<String, JsonNode>> it = summary.path("config").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            html.append("<tr><td>")
                    .append(SvgChart.esc(e.getKey()))
                    .append("</td><td>")
                    .append(SvgChart.esc(e.getValue().asText()))
                    .append("</td></tr>");
        }
        html.append("</table></body></html>\n");
        Files.writeString(file, html, StandardCharsets.UTF_8);
    }

    static java.util.List<SvgChart> charts(RunData data) {
        long startMillis = data.startMillis();
        SvgChart acc = new SvgChart("Held-out accuracy per cell", "seconds", "accuracy");
        for (JsonNode e : data.evaluations) {
            acc.add(
                    e.path("cell").asText(),
                    (e.path("ts").asLong() - startMillis) / 1000.0,
                    e.path("accuracy").asDouble());
        }
        SvgChart reward =
                new SvgChart(
                        "Training reward per difficulty (20 s windows)", "seconds", "mean reward");
        data.forEachRewardWindow(reward::add);
        SvgChart perPrompt =
                new SvgChart(
                        "Rollouts per prompt (distribution)", "rollouts of a prompt", "prompts");
        TreeMap<Integer, Integer> hist = new TreeMap<>();
        data.rolloutsPerPrompt().values().forEach(n -> hist.merge(n, 1, Integer::sum));
        hist.forEach((n, c) -> perPrompt.add("prompts", n, c));
        SvgChart eff =
                new SvgChart(
                        "Effective-gradient ratio per learner step", "seconds", "share with A≠0");
        SvgChart stale =
                new SvgChart("Staleness per learner step", "seconds", "policy versions behind");
        for (JsonNode s : data.steps) {
            double t = (s.path("ts").asLong() - startMillis) / 1000.0;
            eff.add("effective gradient ratio", t, s.path("effective_gradient_ratio").asDouble());
            stale.add("mean", t, s.path("staleness_mean").asDouble());
            stale.add("max", t, s.path("staleness_max").asDouble());
        }
        return java.util.List.of(acc, reward, perPrompt, eff, stale);
    }

    /**
     * A summary value rounded to what it means: three decimals below 10 (accuracies, ratios), one
     * up to 1000 (seconds, rates), none above; arrays element by element.
     */
    static String fmt(JsonNode v) {
        if (v.isArray()) {
            java.util.List<String> parts = new java.util.ArrayList<>();
            v.forEach(e -> parts.add(fmt(e)));
            return "[" + String.join(", ", parts) + "]";
        }
        if (v.isFloatingPointNumber()) {
            double d = v.asDouble();
            String f = Math.abs(d) < 10 ? "%.3f" : Math.abs(d) < 1000 ? "%.1f" : "%.0f";
            return String.format(Locale.ROOT, f, d);
        }
        return v.isTextual() ? v.asText() : v.toString();
    }
}
