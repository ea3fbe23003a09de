package dev.rivulet.tools.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        double base = baseAccuracy();
        double fin =
                median(
                        runs.stream()
                                .filter(r -> r.arm().equals(baseline))
                                .mapToDouble(RunCurve::finalAccuracy)
                                .toArray());
        return base + Math.max(0.5 * (fin - base), MIN_TARGET_GAIN);
    }

    /** Median held-out accuracy before training over all runs. */
    public double baseAccuracy() {
        return median(runs.stream().mapToDouble(RunCurve::baseAccuracy).toArray());
    }

    /**
     * The arm the ratios are against: {@code requested} when the compare ran it, else the first
     * arm.
     */
    public String baselineArm(String requested) {
        List<String> names = armNames();
        return names.contains(requested) ? requested : names.get(0);
    }

    /** The baseline arm's median final held-out accuracy (target 2). */
    public double baselineMedianFinal(String baseline) {
        return median(
                runs.stream()
                        .filter(r -> r.arm().equals(baseline))
                        .mapToDouble(RunCurve::finalAccuracy)
                        .toArray());
    }

    /** Both targets: today's rule (target 1) and the baseline's median final accuracy. */
    public List<TargetComparison> targets(String requestedBaseline) {
        String baseline = baselineArm(requestedBaseline);
        return List.of(
                TargetComparison.of(
                        "target 1",
                        targetRule(baseline),
                        target(baseline),
                        baseline,
                        armNames(),
                        runs),
                TargetComparison.of(
                        "target 2",
                        "median final held-out accuracy of " + baseline,
                        baselineMedianFinal(baseline),
                        baseline,
                        armNames(),
                        runs));
    }

    private static String targetRule(String baseline) {
        return "base + max(0.5 * (median final accuracy of "
                + baseline
                + " - base), "
                + MIN_TARGET_GAIN
                + ")";
    }

    /** Per arm and seed, the curve every chart and band is drawn from. */
    public List<RunCurve> runs() {
        return runs;
    }

    public ObjectNode toJson(String requestedBaseline) {
        String baseline = baselineArm(requestedBaseline);
        double target = target(baseline);
        ObjectNode root = JSON.createObjectNode();
        root.put("baseline", baseline);
        root.put("target_accuracy", target);
        root.put("target_rule", targetRule(baseline));
        ObjectNode boot = root.putObject("ratio_method");
        boot.put(
                "description",
                "median rollouts-to-target of the arm / of the baseline; percentile bootstrap 95%"
                        + " CI resampling seeds with replacement within each arm; a run that"
                        + " never reached the target counts as its budget (censored): a censored"
                        + " arm run makes the ratio a lower bound (at_least), a censored baseline"
                        + " run an upper bound (at_most)");
        boot.put(
                "final_vs_baseline",
                "median final held-out accuracy of the arm minus the baseline's (the gain over the"
                        + " shared base minus the baseline's), with the same bootstrap");
        boot.put("resamples", RatioBootstrap.RESAMPLES);
        boot.put("seed", RatioBootstrap.SEED);
        ArrayNode targets = root.putArray("targets");
        for (TargetComparison t : targets(baseline)) {
            targets.add(t.toJson());
        }
        root.put(
                "curve_band",
                "line: mean over seeds (each seed linear between its evaluations); band: min-max"
                        + " over seeds");
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
            double[] finals = rs.stream().mapToDouble(RunCurve::finalAccuracy).toArray();
            putStats(a.putObject("final_accuracy"), finals);
            if (!arm.equals(baseline)) {
                RatioBootstrap.Difference d =
                        RatioBootstrap.difference(
                                finals,
                                runs.stream()
                                        .filter(r -> r.arm().equals(baseline))
                                        .mapToDouble(RunCurve::finalAccuracy)
                                        .toArray());
                ObjectNode v = a.putObject("final_vs_baseline");
                put(v, "difference", d.point());
                put(v, "lo", d.lo());
                put(v, "hi", d.hi());
            }
            a.put(
                    "effective_gradient_ratio",
                    median(rs.stream().mapToDouble(RunCurve::effectiveGradientRatio).toArray()));
            put(
                    a,
                    "wall_seconds",
                    median(rs.stream().mapToDouble(RunCurve::wallSeconds).toArray()));
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

    /** Arm names in the order their first run appears. */
    public List<String> armNames() {
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

    /** A fixed-width table of the arms, then each target's rollouts-to-target and ratios. */
    public String table(ObjectNode json) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        Locale.ROOT,
                        "%-15s %6s %22s %22s %8s %8s%n",
                        "arm",
                        "seeds",
                        "final acc med [min,max]",
                        "points vs " + json.path("baseline").asText() + " [95% CI]",
                        "eff.grad",
                        "train s"));
        for (var a : json.path("arms")) {
            var fin = a.path("final_accuracy");
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "%-15s %6d %22s %22s %8.2f %8s%n",
                            a.path("name").asText(),
                            a.path("seeds").asInt(),
                            Figures.accuracy(Figures.num(fin.path("median")))
                                    + " ["
                                    + Figures.accuracy(Figures.num(fin.path("min")))
                                    + ", "
                                    + Figures.accuracy(Figures.num(fin.path("max")))
                                    + "]",
                            Figures.points(a.path("final_vs_baseline")),
                            a.path("effective_gradient_ratio").asDouble(),
                            Figures.seconds(Figures.num(a.path("wall_seconds")))));
        }
        for (var t : json.path("targets")) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "%n%s: held-out accuracy %s (%s)%n",
                            t.path("name").asText(),
                            Figures.accuracy(Figures.num(t.path("accuracy"))),
                            t.path("rule").asText()));
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "%-15s %30s %9s   %s%n",
                            "arm",
                            "rollouts→target med [min,max]",
                            "reached",
                            "ratio to " + t.path("baseline").asText() + " [95% CI]"));
            for (var a : t.path("arms")) {
                sb.append(
                        String.format(
                                Locale.ROOT,
                                "%-15s %30s %9s   %s%n",
                                a.path("name").asText(),
                                Figures.rolloutsRange(a),
                                a.path("reached").asInt() + "/" + a.path("seeds").asInt(),
                                a.has("ratio_to_baseline")
                                        ? Figures.ratio(a.path("ratio_to_baseline"))
                                        : "(baseline)"));
            }
        }
        sb.append(
                String.format(
                        Locale.ROOT,
                        "%nnever reached: counted as the run's budget; '>=' marks a median or"
                                + " ratio that is then only a lower bound, '<=' an upper bound%n"));
        sb.append(sampledTable(json));
        return sb.toString();
    }

    public void write(Path dir, String baseline) throws IOException {
        ObjectNode json = toJson(baseline);
        JSON.writeValue(dir.resolve("compare.json").toFile(), json);
        Files.writeString(
                dir.resolve("compare.html"),
                CompareHtml.render(json, this),
                StandardCharsets.UTF_8);
    }
}
