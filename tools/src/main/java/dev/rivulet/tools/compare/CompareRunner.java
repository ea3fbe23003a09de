package dev.rivulet.tools.compare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.operators.telemetry.TelemetrySinks;
import dev.rivulet.tools.demo.RunResult;
import dev.rivulet.tools.demo.ServerLauncher;
import dev.rivulet.tools.demo.TrainingRun;
import dev.rivulet.tools.report.TelemetryReader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs each arm for each seed from the same base policy with the same rollout budget (a fresh model
 * server per run), then the synchronous baseline, and aggregates the curves.
 */
public final class CompareRunner {

    /**
     * What to compare.
     *
     * @param out output directory
     * @param arms the arms
     * @param seeds seeds per arm
     * @param rolloutBudget rollouts each run may generate
     * @param maxDuration time bound of one run
     * @param base shared job settings
     * @param heldOutPerCell held-out prompts per cell
     * @param evalEvery evaluation interval
     * @param syncBaseline also run uniform-grpo synchronously (seed 0) for the wall-time ratio
     */
    public record Plan(
            Path out,
            List<Arm> arms,
            int seeds,
            long rolloutBudget,
            Duration maxDuration,
            JobSettings base,
            int heldOutPerCell,
            Duration evalEvery,
            boolean syncBaseline) {}

    private CompareRunner() {}

    public static CompareResult run(Plan plan, ServerLauncher servers, PrintStream log)
            throws Exception {
        requireNoEarlierRuns(plan.out());
        List<RunCurve> curves = new ArrayList<>();
        for (Arm arm : plan.arms()) {
            for (int seed = 0; seed < plan.seeds(); seed++) {
                Map<String, String> o = new LinkedHashMap<>(arm.options());
                o.put("rivulet.loop.seed", Integer.toString(1000 + seed));
                RunResult r = runOne(plan, servers, log, arm.name() + "-s" + seed, o);
                RunCurve c = curve(arm.name(), seed, r);
                curves.add(c);
                log.printf(
                        Locale.ROOT,
                        "[compare] %s seed %d: final %.3f, %d rollouts, %.0f s%n",
                        arm.name(),
                        seed,
                        c.finalAccuracy(),
                        c.rollouts(),
                        c.wallSeconds());
            }
        }
        CompareResult result = new CompareResult(curves);
        if (plan.syncBaseline()) {
            Map<String, String> o = new LinkedHashMap<>(Arms.UNIFORM_GRPO.options());
            o.put("rivulet.loop.seed", "1000");
            o.put("rivulet.loop.sync", "true");
            RunResult r = runOne(plan, servers, log, SYNC_RUN, o);
            result.put("streaming_vs_sync", streamingVsSync(curves, curve(SYNC_RUN, 0, r)));
        }
        return result;
    }

    /** The run directory name of the synchronous baseline. */
    static final String SYNC_RUN = "uniform-grpo-sync";

    private static final java.util.regex.Pattern RUN_NAME =
            java.util.regex.Pattern.compile("(.+)-s(\\d+)");

    /**
     * Aggregates the runs already in {@code dir/runs} ({@code <arm>-s<seed>} and {@value
     * #SYNC_RUN}) without running anything: for a changed target rule, or a compare that was
     * stopped before its table was written.
     */
    public static CompareResult fromRunDirs(Path dir) throws Exception {
        List<RunCurve> curves = new ArrayList<>();
        RunCurve sync = null;
        List<Path> runs;
        try (var s = Files.list(dir.resolve("runs"))) {
            runs = s.filter(Files::isDirectory).sorted().toList();
        }
        for (Path run : runs) {
            String name = run.getFileName().toString();
            Path summary = run.resolve("summary.json");
            if (!Files.exists(summary)) {
                continue; // a run that did not finish
            }
            List<JsonNode> evals = evaluations(run.resolve("telemetry"));
            JsonNode sum =
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary.toFile());
            if (name.equals(SYNC_RUN)) {
                sync = RunCurve.of(SYNC_RUN, 0, evals, sum);
                continue;
            }
            var m = RUN_NAME.matcher(name);
            if (m.matches()) {
                curves.add(RunCurve.of(m.group(1), Integer.parseInt(m.group(2)), evals, sum));
            }
        }
        if (curves.isEmpty()) {
            throw new IllegalArgumentException("no finished runs under " + dir.resolve("runs"));
        }
        sortByArm(curves);
        CompareResult result = new CompareResult(curves);
        if (sync != null) {
            result.put("streaming_vs_sync", streamingVsSync(curves, sync));
        }
        return result;
    }

    /** Built-in arms in their order (the baseline first), then others by name; then by seed. */
    private static void sortByArm(List<RunCurve> curves) {
        List<String> order = Arms.all().stream().map(Arm::name).toList();
        curves.sort(
                java.util.Comparator.comparingInt(
                                (RunCurve c) ->
                                        order.contains(c.arm())
                                                ? order.indexOf(c.arm())
                                                : order.size())
                        .thenComparing(RunCurve::arm)
                        .thenComparingInt(RunCurve::seed));
    }

    /**
     * Aggregates a compare kept in the docs/results layout: {@code curves.tsv} (run, rollouts,
     * held-out accuracy per evaluation, base first) and {@code summary-<arm>-s<seed>.json} per run;
     * a summary without {@code training_seconds} leaves that figure unknown.
     */
    public static CompareResult fromCurves(Path dir) throws Exception {
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("curves.tsv"))) {
            String[] f = line.split("\t");
            if (f.length != 3 || f[0].equals("run")) {
                continue;
            }
            points.computeIfAbsent(f[0], k -> new ArrayList<>())
                    .add(new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])});
        }
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<RunCurve> curves = new ArrayList<>();
        for (Map.Entry<String, List<double[]>> e : points.entrySet()) {
            var m = RUN_NAME.matcher(e.getKey());
            Path summary = dir.resolve("summary-" + e.getKey() + ".json");
            if (!m.matches() || !Files.exists(summary)) {
                throw new IllegalArgumentException(
                        "curves.tsv run '"
                                + e.getKey()
                                + "' needs the name <arm>-s<seed> and "
                                + summary.getFileName());
            }
            JsonNode s = json.readTree(summary.toFile());
            curves.add(
                    new RunCurve(
                            m.group(1),
                            Integer.parseInt(m.group(2)),
                            e.getValue(),
                            s.path("final_accuracy").asDouble(),
                            s.path("effective_gradient_ratio").asDouble(),
                            s.path("training_seconds").asDouble(Double.NaN),
                            s.path("rollouts_generated").asLong()));
        }
        if (curves.isEmpty()) {
            throw new IllegalArgumentException("no runs in " + dir.resolve("curves.tsv"));
        }
        sortByArm(curves);
        return new CompareResult(curves);
    }

    /**
     * Fails when {@code out/runs} already holds runs: a run directory keeps its model server's
     * checkpoints, so a second compare into the same directory would start each run from the
     * earlier run's trained weights instead of the base policy.
     *
     * @throws IllegalStateException naming the directory and what to do instead
     */
    static void requireNoEarlierRuns(Path out) throws java.io.IOException {
        Path runs = out.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return;
        }
        try (var s = Files.list(runs)) {
            if (s.findAny().isPresent()) {
                throw new IllegalStateException(
                        runs
                                + " already holds runs of an earlier compare: their checkpoints"
                                + " would replace the base policy. Choose a new --out, delete"
                                + " it, or re-aggregate the earlier compare with --from "
                                + out);
            }
        }
    }

    /**
     * Renders report.html of every finished run under {@code dir/runs} again with the current
     * charts (a compare from before a report change); returns how many.
     */
    public static int rewriteRunReports(Path dir) throws java.io.IOException {
        int n = 0;
        try (var s = Files.list(dir.resolve("runs"))) {
            for (Path run : s.filter(Files::isDirectory).sorted().toList()) {
                if (Files.exists(run.resolve("summary.json"))) {
                    dev.rivulet.tools.report.RunReport.rewrite(run);
                    n++;
                }
            }
        }
        return n;
    }

    /** Seed 0 of uniform-grpo against the synchronous baseline: wall time and rollouts/s. */
    private static Map<String, Object> streamingVsSync(List<RunCurve> curves, RunCurve sync) {
        RunCurve streaming =
                curves.stream()
                        .filter(c -> c.arm().equals(Arms.UNIFORM_GRPO.name()) && c.seed() == 0)
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "the sync baseline needs uniform-grpo seed 0"));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("streaming_seconds", streaming.wallSeconds());
        s.put("sync_seconds", sync.wallSeconds());
        s.put("streaming_rollouts", streaming.rollouts());
        s.put("sync_rollouts", sync.rollouts());
        s.put("sync_final_accuracy", sync.finalAccuracy());
        double streamingRate = streaming.rollouts() / streaming.wallSeconds();
        double syncRate = sync.rollouts() / sync.wallSeconds();
        s.put("streaming_speedup_rollouts_per_second", streamingRate / syncRate);
        return s;
    }

    private static RunResult runOne(
            Plan plan,
            ServerLauncher servers,
            PrintStream log,
            String name,
            Map<String, String> options)
            throws Exception {
        Path dir = plan.out().resolve("runs").resolve(name);
        Files.createDirectories(dir);
        JobSettings settings = plan.base().with(options);
        log.printf("[compare] run %s (loss %s)%n", name, settings.serverLoss());
        try (ServerLauncher.Launched server = servers.start(settings, dir.resolve("server"))) {
            return TrainingRun.run(
                    new TrainingRun.Options(
                            dir,
                            plan.maxDuration(),
                            settings,
                            plan.heldOutPerCell(),
                            plan.evalEvery(),
                            2,
                            log,
                            "",
                            plan.rolloutBudget()),
                    server.endpoint());
        }
    }

    private static RunCurve curve(String arm, int seed, RunResult r) throws Exception {
        return RunCurve.of(arm, seed, evaluations(r.out().resolve("telemetry")), r.summary());
    }

    /** A run's evaluation rows, each with the rollouts scored when it started (RolloutClock). */
    static List<JsonNode> evaluations(java.nio.file.Path telemetry) throws Exception {
        List<JsonNode> evals = TelemetryReader.readAll(telemetry, TelemetrySinks.EVALUATIONS);
        return new RolloutClock(TelemetryReader.readAll(telemetry, TelemetrySinks.ROLLOUTS))
                .recount(evals);
    }
}
