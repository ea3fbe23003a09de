package dev.rivulet.tools.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.tools.report.SvgChart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Aggregates the runs of a comparison: per arm the median and spread over seeds of
 * rollouts-to-target and final accuracy, writes compare.json, compare.html and a text table.
 */
public final class CompareResult {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final List<RunCurve> runs;
    private final Map<String, Object> extra = new LinkedHashMap<>();

    public CompareResult(List<RunCurve> runs) {
        this.runs = List.copyOf(runs);
    }

    public void put(String key, Object value) {
        extra.put(key, value);
    }

    /**
     * The smallest gain over the base that a target asks for: when the baseline did not improve on
     * the base (too small a budget, or noise), half its gain would put the target at or below the
     * base, and every arm would "reach" it at 0 rollouts.
     */
    static final double MIN_TARGET_GAIN = 0.02;

    /**
     * The target accuracy: half-way from the base accuracy to the median final accuracy of the
     * baseline arm (so the baseline reaches it by construction and the question is how fast), but
     * at least {@link #MIN_TARGET_GAIN} above the base.
     */
    public double target(String baseline) {
        double base = median(runs.stream().mapToDouble(RunCurve::baseAccuracy).toArray());
        double fin =
                median(
                        runs.stream()
                                .filter(r -> r.arm().equals(baseline))
                                .mapToDouble(RunCurve::finalAccuracy)
                                .toArray());
        return base + Math.max(0.5 * (fin - base), MIN_TARGET_GAIN);
    }

    public ObjectNode toJson(String baseline) {
        double target = target(baseline);
        ObjectNode root = JSON.createObjectNode();
        root.put("target_accuracy", target);
        root.put(
                "target_rule",
                "base + max(0.5 * (median final accuracy of "
                        + baseline
                        + " - base), "
                        + MIN_TARGET_GAIN
                        + ")");
        extra.forEach((k, v) -> root.set(k, JSON.valueToTree(v)));
        ArrayNode arms = root.putArray("arms");
        for (String arm : armNames()) {
            List<RunCurve> rs = runs.stream().filter(r -> r.arm().equals(arm)).toList();
            ObjectNode a = arms.addObject();
            a.put("name", arm);
            a.put("seeds", rs.size());
            long[] reached = rs.stream().mapToLong(r -> r.rolloutsTo(target)).toArray();
            // a seed that never reached the target counts as its whole budget (censored)
            double[] toTarget =
                    java.util.stream.IntStream.range(0, rs.size())
                            .mapToDouble(
                                    i -> reached[i] >= 0 ? reached[i] : Double.POSITIVE_INFINITY)
                            .toArray();
            ObjectNode t = a.putObject("rollouts_to_target");
            putStats(t, toTarget);
            t.put("reached", Arrays.stream(reached).filter(x -> x >= 0).count());
            putStats(
                    a.putObject("final_accuracy"),
                    rs.stream().mapToDouble(RunCurve::finalAccuracy).toArray());
            a.put(
                    "effective_gradient_ratio",
                    median(rs.stream().mapToDouble(RunCurve::effectiveGradientRatio).toArray()));
            a.put("wall_seconds", median(rs.stream().mapToDouble(RunCurve::wallSeconds).toArray()));
            a.put("rollouts", median(rs.stream().mapToDouble(r -> r.rollouts()).toArray()));
            putSampled(a, rs);
        }
        return root;
    }

    /**
     * The arm's final pass@k and mean@k over the seeds that had a sampled evaluation (median, min,
     * max; nulls when none had).
     */
    private static void putSampled(ObjectNode a, List<RunCurve> rs) {
        putStats(
                a.putObject("final_pass_at_k"),
                rs.stream().mapToDouble(RunCurve::finalPassAtK).filter(Double::isFinite).toArray());
        putStats(
                a.putObject("final_mean_at_k"),
                rs.stream().mapToDouble(RunCurve::finalMeanAtK).filter(Double::isFinite).toArray());
    }

    /** The arms' final pass@k and mean@k medians as a text table, "" when no run sampled. */
    String sampledTable(ObjectNode json) {
        StringBuilder sb = new StringBuilder();
        for (var a : json.path("arms")) {
            var p = a.path("final_pass_at_k").path("median");
            var m = a.path("final_mean_at_k").path("median");
            if (p.isNumber() || m.isNumber()) {
                sb.append(
                        String.format(
                                Locale.ROOT,
                                "%-15s %18s %18s%n",
                                a.path("name").asText(),
                                p.isNumber()
                                        ? String.format(Locale.ROOT, "%.3f", p.asDouble())
                                        : "-",
                                m.isNumber()
                                        ? String.format(Locale.ROOT, "%.3f", m.asDouble())
                                        : "-"));
            }
        }
        if (sb.length() == 0) {
            return "";
        }
        return String.format(
                        Locale.ROOT,
                        "%nsampled held-out evaluation (final, median over seeds)%n%-15s %18s %18s%n",
                        "arm",
                        "pass@k (med)",
                        "mean@k (med)")
                + sb;
    }

    private static void putStats(ObjectNode n, double[] v) {
        double med = median(v);
        double min = Arrays.stream(v).min().orElse(Double.NaN);
        double max = Arrays.stream(v).max().orElse(Double.NaN);
        put(n, "median", med);
        put(n, "min", min);
        put(n, "max", max);
    }

    private static void put(ObjectNode n, String k, double v) {
        if (Double.isFinite(v)) {
            n.put(k, v);
        } else {
            n.putNull(k);
        }
    }

    private List<String> armNames() {
        List<String> names = new ArrayList<>();
        for (RunCurve r : runs) {
            if (!names.contains(r.arm())) {
                names.add(r.arm());
            }
        }
        return names;
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** A fixed-width table of the arms. */
    public String table(ObjectNode json) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        Locale.ROOT,
                        "target held-out accuracy %.3f%n",
                        json.path("target_accuracy").asDouble()));
        sb.append(
                String.format(
                        Locale.ROOT,
                        "%-15s %6s %22s %18s %8s %8s%n",
                        "arm",
                        "seeds",
                        "rollouts→target (med)",
                        "final acc (med)",
                        "eff.grad",
                        "wall s"));
        for (var a : json.path("arms")) {
            var t = a.path("rollouts_to_target");
            String tt =
                    t.path("median").isNull()
                            ? "not reached"
                            : String.format(
                                    Locale.ROOT,
                                    "%.0f (%d/%d)",
                                    t.path("median").asDouble(),
                                    t.path("reached").asInt(),
                                    a.path("seeds").asInt());
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "%-15s %6d %22s %18.3f %8.3f %8.0f%n",
                            a.path("name").asText(),
                            a.path("seeds").asInt(),
                            tt,
                            a.path("final_accuracy").path("median").asDouble(),
                            a.path("effective_gradient_ratio").asDouble(),
                            a.path("wall_seconds").asDouble()));
        }
        sb.append(sampledTable(json));
        return sb.toString();
    }

    public void write(Path dir, String baseline) throws IOException {
        ObjectNode json = toJson(baseline);
        JSON.writeValue(dir.resolve("compare.json").toFile(), json);
        SvgChart chart =
                new SvgChart(
                        "Held-out accuracy against rollouts generated", "rollouts", "accuracy");
        for (RunCurve r : runs) {
            for (double[] p : r.points()) {
                chart.add(r.arm() + " s" + r.seed(), p[0], p[1]);
            }
        }
        String html =
                "<!doctype html><html><head><meta charset=\"utf-8\"><title>Rivulet compare</title></head>"
                        + "<body style=\"font-family:sans-serif\"><h1>Rivulet compare</h1><pre>"
                        + SvgChart.esc(table(json))
                        + "</pre>"
                        + chart.render()
                        + "</body></html>\n";
        Files.writeString(dir.resolve("compare.html"), html, StandardCharsets.UTF_8);
    }
}
