package dev.rivulet.jobs.compare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.jobs.JobSettings;
import dev.rivulet.jobs.demo.RunResult;
import dev.rivulet.jobs.demo.TrainingRun;
import dev.rivulet.jobs.report.TelemetryReader;
import dev.rivulet.operators.telemetry.TelemetrySinks;
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
        List<RunCurve> curves = new ArrayList<>();
        double streamingSeconds = Double.NaN;
        for (Arm arm : plan.arms()) {
            for (int seed = 0; seed < plan.seeds(); seed++) {
                Map<String, String> o = new LinkedHashMap<>(arm.options());
                o.put("rivulet.loop.seed", Integer.toString(1000 + seed));
                RunResult r = runOne(plan, servers, log, arm.name() + "-s" + seed, arm.loss(), o);
                RunCurve c = curve(arm.name(), seed, r);
                curves.add(c);
                if (arm.name().equals(Arms.UNIFORM_GRPO.name()) && seed == 0) {
                    streamingSeconds = c.wallSeconds();
                }
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
            RunResult r = runOne(plan, servers, log, "uniform-grpo-sync", "ppo-clip", o);
            RunCurve sync = curve("uniform-grpo-sync", 0, r);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("streaming_seconds", streamingSeconds);
            s.put("sync_seconds", sync.wallSeconds());
            s.put(
                    "streaming_rollouts",
                    curves.stream()
                            .filter(c -> c.arm().equals(Arms.UNIFORM_GRPO.name()) && c.seed() == 0)
                            .mapToLong(RunCurve::rollouts)
                            .findFirst()
                            .orElse(0));
            s.put("sync_rollouts", sync.rollouts());
            s.put("sync_final_accuracy", sync.finalAccuracy());
            double streamingRate = (double) (Long) s.get("streaming_rollouts") / streamingSeconds;
            double syncRate = sync.rollouts() / sync.wallSeconds();
            s.put("streaming_speedup_rollouts_per_second", streamingRate / syncRate);
            result.put("streaming_vs_sync", s);
        }
        return result;
    }

    private static RunResult runOne(
            Plan plan,
            ServerLauncher servers,
            PrintStream log,
            String name,
            String loss,
            Map<String, String> options)
            throws Exception {
        Path dir = plan.out().resolve("runs").resolve(name);
        Files.createDirectories(dir);
        log.printf("[compare] run %s (loss %s)%n", name, loss);
        try (ServerLauncher.Launched server = servers.start(loss, dir.resolve("server"))) {
            return TrainingRun.run(
                    new TrainingRun.Options(
                            dir,
                            plan.maxDuration(),
                            plan.base().with(options),
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
        List<JsonNode> evals =
                TelemetryReader.readAll(r.out().resolve("telemetry"), TelemetrySinks.EVALUATIONS);
        return RunCurve.of(arm, seed, evals, r.summary());
    }
}
