package dev.rivulet.tools.compare;

import static dev.rivulet.tools.report.SvgChart.esc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.tools.report.Palette;
import dev.rivulet.tools.report.SvgChart;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes compare.html: the arms and rollouts-to-target tables (medians with their range and the
 * ratio to the baseline with its bootstrap 95% CI) and one chart of held-out accuracy against
 * rollouts with one colour per arm: the mean over seeds, a min-max band over seeds, the targets as
 * dashed lines and each arm's median rollouts-to-target marked on them.
 */
final class CompareHtml {

    /** Grid points of each arm's mean curve and band. */
    static final int BAND_POINTS = 120;

    private static final String STYLE =
            "body{font-family:sans-serif;margin:24px;max-width:1200px;color:#222}"
                    + "table{border-collapse:collapse;margin:8px 0 16px}"
                    + "td,th{border:1px solid #ccc;padding:4px 10px;text-align:left;vertical-align:top}td{white-space:nowrap}td.rule{white-space:normal;max-width:260px}"
                    + "th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}"
                    + ".sw{display:inline-block;width:12px;height:12px;margin-right:6px;"
                    + "vertical-align:-1px;border-radius:2px}"
                    + "p.note{color:#555;font-size:13px;max-width:980px}";

    private CompareHtml() {}

    static String render(ObjectNode json, CompareResult result) {
        Map<String, String> colors = Palette.of(result.armNames());
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html><html><head><meta charset=\"utf-8\">")
                .append("<title>Rivulet compare</title><style>")
                .append(STYLE)
                .append("</style></head><body><h1>Rivulet compare</h1>");
        h.append("<p>Baseline arm <b>")
                .append(esc(json.path("baseline").asText()))
                .append("</b>; held-out accuracy before training (median over runs) ")
                .append(Figures.accuracy(result.baseAccuracy()))
                .append(".</p>");
        h.append("<h2>Rollouts to target</h2>");
        targetsTable(h, json, colors);
        h.append("<p class=\"note\">")
                .append(esc(json.path("ratio_method").path("description").asText()))
                .append(" (")
                .append(json.path("ratio_method").path("resamples").asInt())
                .append(" resamples, seed ")
                .append(json.path("ratio_method").path("seed").asLong())
                .append("). Rollouts to target are the rollouts generated at the first held-out")
                .append(" evaluation at or above the target, so their resolution is the")
                .append(" evaluation interval.</p>");
        h.append("<h2>Held-out accuracy against rollouts</h2>");
        h.append(chart(json, result, colors).render());
        h.append("<p class=\"note\">Line: mean over seeds of held-out accuracy, each seed")
                .append(" linear between its evaluations, up to the earliest last evaluation;")
                .append(" shaded band: minimum to maximum over seeds. Dashed lines: the targets;")
                .append(" dots on them: each arm's median rollouts to that target (hollow: some")
                .append(" seed never reached it and counts as its budget, so the median is a")
                .append(" lower bound).</p>");
        h.append("<h2>Arms</h2>");
        armsTable(h, json, colors);
        extras(h, json);
        h.append("</body></html>\n");
        return h.toString();
    }

    static SvgChart chart(ObjectNode json, CompareResult result, Map<String, String> colors) {
        SvgChart chart =
                new SvgChart("Held-out accuracy against rollouts generated", "rollouts", "accuracy")
                        .size(980, 460);
        for (String arm : result.armNames()) {
            List<List<double[]>> curves = new ArrayList<>();
            for (RunCurve r : result.runs()) {
                if (r.arm().equals(arm)) {
                    curves.add(r.points());
                }
            }
            SeedBand b = SeedBand.of(curves, BAND_POINTS);
            chart.color(arm, colors.get(arm));
            chart.band(arm, b.x(), b.min(), b.max());
            for (int i = 0; i < b.x().length; i++) {
                chart.add(arm, b.x()[i], b.mean()[i]);
            }
        }
        for (JsonNode t : json.path("targets")) {
            double acc = Figures.num(t.path("accuracy"));
            chart.hline(acc, t.path("name").asText() + ": " + Figures.accuracy(acc));
            for (JsonNode a : t.path("arms")) {
                chart.marker(
                        a.path("name").asText(),
                        Figures.num(a.path("median")),
                        acc,
                        a.path("name").asText()
                                + ", "
                                + t.path("name").asText()
                                + ": "
                                + Figures.rolloutsRange(a)
                                + " rollouts",
                        a.path("median_is_lower_bound").asBoolean());
            }
        }
        return chart;
    }

    private static void targetsTable(StringBuilder h, JsonNode json, Map<String, String> colors) {
        h.append("<table class=\"targets\"><tr><th>target</th><th>held-out accuracy</th>")
                .append("<th>arm</th><th>rollouts to target, median [min, max]</th>")
                .append("<th>seeds that reached it</th>")
                .append("<th>ratio to baseline, median [95% CI]</th></tr>");
        for (JsonNode t : json.path("targets")) {
            int n = t.path("arms").size();
            boolean first = true;
            for (JsonNode a : t.path("arms")) {
                h.append("<tr>");
                if (first) {
                    h.append("<td class=\"rule\" rowspan=\"")
                            .append(n)
                            .append("\"><b>")
                            .append(esc(t.path("name").asText()))
                            .append("</b><br><small>")
                            .append(esc(t.path("rule").asText()))
                            .append("</small></td><td class=\"num\" rowspan=\"")
                            .append(n)
                            .append("\">")
                            .append(Figures.accuracy(Figures.num(t.path("accuracy"))))
                            .append("</td>");
                    first = false;
                }
                h.append("<td>")
                        .append(swatch(colors.get(a.path("name").asText())))
                        .append(esc(a.path("name").asText()))
                        .append("</td><td class=\"num\">")
                        .append(esc(Figures.rolloutsRange(a)))
                        .append("</td><td class=\"num\">")
                        .append(a.path("reached").asInt())
                        .append("/")
                        .append(a.path("seeds").asInt())
                        .append("</td><td class=\"num\">")
                        .append(
                                a.has("ratio_to_baseline")
                                        ? esc(Figures.ratio(a.path("ratio_to_baseline")))
                                        : "1 (baseline)")
                        .append("</td></tr>");
            }
        }
        h.append("</table>");
    }

    private static void armsTable(StringBuilder h, JsonNode json, Map<String, String> colors) {
        h.append("<table class=\"arms\"><tr><th>arm</th><th>seeds</th>")
                .append("<th>final held-out accuracy, median [min, max]</th>")
                .append("<th>points vs ")
                .append(esc(json.path("baseline").asText()))
                .append(", median difference [95% CI]</th>")
                .append("<th>effective-gradient ratio</th><th>training s (median)</th>")
                .append("<th>rollouts (median)</th></tr>");
        for (JsonNode a : json.path("arms")) {
            JsonNode fin = a.path("final_accuracy");
            h.append("<tr><td>")
                    .append(swatch(colors.get(a.path("name").asText())))
                    .append(esc(a.path("name").asText()))
                    .append("</td><td class=\"num\">")
                    .append(a.path("seeds").asInt())
                    .append("</td><td class=\"num\">")
                    .append(Figures.accuracy(Figures.num(fin.path("median"))))
                    .append(" [")
                    .append(Figures.accuracy(Figures.num(fin.path("min"))))
                    .append(", ")
                    .append(Figures.accuracy(Figures.num(fin.path("max"))))
                    .append("]</td><td class=\"num\">")
                    .append(esc(Figures.points(a.path("final_vs_baseline"))))
                    .append("</td><td class=\"num\">")
                    .append(Figures.ratioValue(Figures.num(a.path("effective_gradient_ratio"))))
                    .append("</td><td class=\"num\">")
                    .append(Figures.seconds(Figures.num(a.path("wall_seconds"))))
                    .append("</td><td class=\"num\">")
                    .append(Figures.rollouts(Figures.num(a.path("rollouts"))))
                    .append("</td></tr>");
        }
        h.append("</table>");
    }

    /** Anything else compare.json holds (the streaming/synchronous figures) as a table. */
    private static void extras(StringBuilder h, JsonNode json) {
        JsonNode sync = json.path("streaming_vs_sync");
        if (!sync.isObject()) {
            return;
        }
        h.append("<h2>Streaming against synchronous (uniform-grpo seed 0)</h2><table>");
        for (Iterator<Map.Entry<String, JsonNode>> it = sync.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            double v = e.getValue().asDouble();
            String s =
                    e.getKey().contains("rollouts") && !e.getKey().contains("per_second")
                            ? Figures.rollouts(v)
                            : e.getKey().contains("accuracy")
                                    ? Figures.accuracy(v)
                                    : Figures.ratioValue(v);
            h.append("<tr><th>")
                    .append(esc(e.getKey()))
                    .append("</th><td class=\"num\">")
                    .append(s)
                    .append("</td></tr>");
        }
        h.append("</table>");
    }

    private static String swatch(String color) {
        return "<span class=\"sw\" style=\"background:" + color + "\"></span>";
    }
}
