package dev.rivulet.tools.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.algo.task.HeldOutSplit;
import dev.rivulet.algo.task.JsonlPromptParser;
import dev.rivulet.algo.task.TaskMix;
import dev.rivulet.algo.task.TaskMixEntry;
import dev.rivulet.jobs.OnlineRlJob;
import dev.rivulet.jobs.data.EvalSet;
import dev.rivulet.jobs.data.PromptFiles;
import dev.rivulet.jobs.data.PromptScan;
import dev.rivulet.jobs.eval.EvalResult;
import dev.rivulet.jobs.eval.Evaluator;
import dev.rivulet.jobs.options.EvalOptions;
import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.jobs.options.LoopOptions;
import dev.rivulet.jobs.telemetry.KafkaRowWriter;
import dev.rivulet.jobs.telemetry.KafkaTelemetry;
import dev.rivulet.operators.client.PolicyClients;
import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.operators.source.PromptAdmission;
import dev.rivulet.operators.telemetry.TelemetrySinks;
import dev.rivulet.protocol.flight.PolicyClient;
import dev.rivulet.tools.report.HtmlReport;
import dev.rivulet.tools.report.RunData;
import dev.rivulet.tools.report.Summary;
import dev.rivulet.tools.report.TelemetryReader;
import java.io.BufferedWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the online-RL job on an in-process MiniCluster against a model server for a bounded time:
 * evaluates the base policy on the held-out set, trains with a live progress line, evaluates
 * periodically and at the end, and writes summary.json and report.html into the run directory.
 */
public final class TrainingRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Failed checkpoints tolerated before the job fails over: a checkpoint fails while the model
     * server is away (its prepare cannot succeed), and that must not restart the job.
     */
    public static final int TOLERABLE_FAILED_CHECKPOINTS =
            dev.rivulet.jobs.CheckpointPolicy.TOLERABLE_FAILED_CHECKPOINTS;

    /**
     * How to run.
     *
     * @param out run directory
     * @param duration training time
     * @param settings job settings
     * @param heldOutPerCell held-out prompts per task/difficulty cell
     * @param evalEvery interval of the periodic evaluations
     * @param parallelism MiniCluster parallelism
     * @param progress where the progress line goes
     * @param cluster REST address host:port of a Flink cluster to submit to; empty for an
     *     in-process MiniCluster
     * @param rolloutBudget stop once this many rollouts were generated (0: time only)
     * @param model the base model trained, for the report ({@code ""}: not known)
     */
    public record Options(
            Path out,
            Duration duration,
            JobSettings settings,
            int heldOutPerCell,
            Duration evalEvery,
            int parallelism,
            PrintStream progress,
            String cluster,
            long rolloutBudget,
            String model) {

        /** Options without a model name. */
        public Options(
                Path out,
                Duration duration,
                JobSettings settings,
                int heldOutPerCell,
                Duration evalEvery,
                int parallelism,
                PrintStream progress,
                String cluster,
                long rolloutBudget) {
            this(
                    out,
                    duration,
                    settings,
                    heldOutPerCell,
                    evalEvery,
                    parallelism,
                    progress,
                    cluster,
                    rolloutBudget,
                    "");
        }

        /** These options naming the base model trained (summary.json's config "model"). */
        public Options withModel(String name) {
            return new Options(
                    out,
                    duration,
                    settings,
                    heldOutPerCell,
                    evalEvery,
                    parallelism,
                    progress,
                    cluster,
                    rolloutBudget,
                    name);
        }

        /** Options for a cluster run bounded by time only. */
        public Options(
                Path out,
                Duration duration,
                JobSettings settings,
                int heldOutPerCell,
                Duration evalEvery,
                int parallelism,
                PrintStream progress,
                String cluster) {
            this(
                    out,
                    duration,
                    settings,
                    heldOutPerCell,
                    evalEvery,
                    parallelism,
                    progress,
                    cluster,
                    0);
        }

        /** Options for an in-process MiniCluster. */
        public Options(
                Path out,
                Duration duration,
                JobSettings settings,
                int heldOutPerCell,
                Duration evalEvery,
                int parallelism,
                PrintStream progress) {
            this(out, duration, settings, heldOutPerCell, evalEvery, parallelism, progress, "", 0);
        }
    }

    private TrainingRun() {}

    public static RunResult run(Options o, PolicyEndpoint endpoint) throws Exception {
        long start = System.currentTimeMillis();
        Path telemetry = o.out().resolve("telemetry");
        Files.createDirectories(telemetry.resolve(TelemetrySinks.EVALUATIONS));
        RunData data = new RunData(start);
        try (PolicyClient client = PolicyClients.open(endpoint);
                BufferedWriter evalOut =
                        Files.newBufferedWriter(
                                telemetry
                                        .resolve(TelemetrySinks.EVALUATIONS)
                                        .resolve("part-driver-0.jsonl"),
                                StandardCharsets.UTF_8);
                // with Kafka telemetry on, the evaluations go to their topic too (null: off)
                KafkaRowWriter evalKafka =
                        KafkaTelemetry.of(o.settings())
                                .map(k -> new KafkaRowWriter(k, TelemetrySinks.EVALUATIONS))
                                .orElse(null);
                // the evaluations as Prometheus gauges (rivulet_eval_accuracy) on the driver's
                // own endpoint: they run here, in neither the job nor the server
                EvalMetrics evalMetrics =
                        EvalMetrics.start(
                                o.settings().get(EvalOptions.METRICS_PORT),
                                o.progress()::println)) {
            EvalSet evalSet = evaluationSet(o, client);
            Evaluator evaluator = evaluator(o, evalSet, o.settings().evalSampling());
            // the periodic evaluations share the server with rollout generation: sampled only
            // when asked for (rivulet.eval.sample-periodic)
            Evaluator periodic =
                    o.settings().get(EvalOptions.SAMPLE_PERIODIC)
                            ? evaluator
                            : evaluator(o, evalSet, Evaluator.Sampling.OFF);
            Map<String, Integer> difficulties = evalSet.difficulties();
            if (evalMetrics.port() >= 0) {
                o.progress()
                        .printf(
                                "[rivulet] evaluation metrics on http://127.0.0.1:%d/metrics%n",
                                evalMetrics.port());
            }
            o.progress()
                    .printf(
                            "[rivulet] evaluating the base policy on %d held-out prompts%n",
                            evaluator.size());
            long t0 = System.nanoTime();
            EvalResult base = evaluator.evaluate(client);
            record(
                    base,
                    secondsSince(t0),
                    start,
                    difficulties,
                    evalOut,
                    evalKafka,
                    evalMetrics,
                    data);
            o.progress()
                    .printf(
                            Locale.ROOT,
                            "[rivulet] base held-out accuracy %.3f (macro %.3f)%s in %.1f s%n",
                            base.accuracy(),
                            base.macroAccuracy(),
                            sampledLine(base),
                            secondsSince(t0));

            StreamExecutionEnvironment env = environment(o);
            env.setParallelism(o.parallelism());
            OnlineRlJob.build(env, o.settings(), endpoint, telemetry.toString());
            long trainStart = System.currentTimeMillis();
            JobClient job = env.executeAsync("rivulet-online-rl");
            TelemetryReader rollouts = new TelemetryReader(telemetry, TelemetrySinks.ROLLOUTS);
            TelemetryReader steps = new TelemetryReader(telemetry, TelemetrySinks.LEARNER_STEPS);
            TelemetryReader dead = new TelemetryReader(telemetry, TelemetrySinks.DEAD_LETTERS);
            EvalResult lastEval = base;
            long deadline = trainStart + o.duration().toMillis();
            long nextEval = trainStart + o.evalEvery().toMillis();
            while (System.currentTimeMillis() < deadline
                    && (o.rolloutBudget() <= 0 || data.rolloutCount() < o.rolloutBudget())) {
                var status = job.getJobStatus().get(10, TimeUnit.SECONDS);
                if (status.isGloballyTerminalState()) {
                    throw new IllegalStateException("the job ended early with status " + status);
                }
                Thread.sleep(Math.min(2000, Math.max(1, deadline - System.currentTimeMillis())));
                data.addRollouts(rollouts.poll());
                data.steps.addAll(steps.poll());
                data.deadLetters.addAll(dead.poll());
                if (System.currentTimeMillis() >= nextEval) {
                    long e0 = System.nanoTime();
                    lastEval = periodic.evaluate(client);
                    record(
                            lastEval,
                            secondsSince(e0),
                            start,
                            difficulties,
                            evalOut,
                            evalKafka,
                            evalMetrics,
                            data);
                    nextEval = System.currentTimeMillis() + o.evalEvery().toMillis();
                }
                progress(o, data, lastEval, trainStart, deadline);
            }
            o.progress().println();
            o.progress()
                    .println(
                            "[rivulet] stopping the job with a savepoint (commits the last telemetry)");
            try {
                job.stopWithSavepoint(
                                false,
                                o.out().resolve("savepoints").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get(2, TimeUnit.MINUTES);
            } catch (Exception e) {
                o.progress()
                        .println(
                                "[rivulet] stop-with-savepoint failed ("
                                        + e.getMessage()
                                        + "); cancelling");
                job.cancel().get(1, TimeUnit.MINUTES);
            }
            double trainingSeconds = (System.currentTimeMillis() - trainStart) / 1000.0;
            data.addRollouts(rollouts.poll());
            data.steps.addAll(steps.poll());
            data.deadLetters.addAll(dead.poll());
            long f0 = System.nanoTime();
            EvalResult last = evaluator.evaluate(client);
            record(
                    last,
                    secondsSince(f0),
                    start,
                    difficulties,
                    evalOut,
                    evalKafka,
                    evalMetrics,
                    data);
            o.progress()
                    .printf(
                            Locale.ROOT,
                            "[rivulet] final held-out accuracy %.3f (macro %.3f)%s in %.1f s%n",
                            last.accuracy(),
                            last.macroAccuracy(),
                            sampledLine(last),
                            secondsSince(f0));
            long version = client.version().get(1, TimeUnit.MINUTES).current();
            ObjectNode summary =
                    Summary.build(
                            data,
                            base,
                            last,
                            (System.currentTimeMillis() - start) / 1000.0,
                            trainingSeconds,
                            version,
                            config(o));
            Summary.write(summary, o.out().resolve("summary.json"));
            HtmlReport.write(data, summary, o.out().resolve("report.html"));
            return new RunResult(o.out(), summary, base, last);
        }
    }

    /**
     * What the evaluations score: the synthetic mix's held-out set, or, with a prompt file, its
     * servable held-out rows (or the servable rows of {@code rivulet.eval.prompts}). Scanning the
     * file first makes a missing path or a file without a servable row fail here, at start.
     */
    private static EvalSet evaluationSet(Options o, PolicyClient client) throws Exception {
        JobSettings settings = o.settings();
        if (settings.prompts().isEmpty()) {
            TaskMix mix = settings.mix();
            Map<String, Integer> difficulties = new HashMap<>();
            for (TaskMixEntry e : mix.entries()) {
                difficulties.put(e.label(), e.difficulty());
            }
            return new EvalSet(mix.heldOut(o.heldOutPerCell(), 1234L), difficulties);
        }
        JsonlPromptParser parser = settings.parserFor(settings.fieldMapping());
        PromptAdmission admission = settings.admission();
        PromptScan train = PromptFiles.scan(settings.prompts(), parser, client, admission);
        o.progress()
                .printf(
                        "[rivulet] prompts %s: %d rows, %d servable, %d dead letters%n",
                        train.path(), train.rows(), train.servable().size(), train.deadLetters());
        int max = settings.get(EvalOptions.MAX_PROMPTS);
        String evalPath = settings.get(EvalOptions.PROMPTS);
        if (!evalPath.isEmpty()) {
            return EvalSet.of(
                    PromptFiles.scan(evalPath, parser, client, admission).servable(), max);
        }
        HeldOutSplit split = settings.heldOutSplit();
        long training = train.servable().stream().filter(p -> !split.isHeldOut(p)).count();
        if (training == 0) {
            throw new IllegalArgumentException(
                    "every servable prompt of "
                            + train.path()
                            + " is held out for evaluation; lower "
                            + EvalOptions.HELDOUT_FRACTION.key()
                            + " or pass an evaluation file");
        }
        EvalSet set = EvalSet.heldOut(train.servable(), split, max);
        if (set.size() == 0) {
            o.progress()
                    .println(
                            "[rivulet] warning: no servable prompt of "
                                    + train.path()
                                    + " is held out; the evaluations score nothing");
        }
        return set;
    }

    private static StreamExecutionEnvironment environment(Options o) {
        if (o.cluster().isEmpty()) {
            return StreamExecutionEnvironment.getExecutionEnvironment(flinkConfig(o));
        }
        int colon = o.cluster().lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(
                    "--cluster must be host:port, got '" + o.cluster() + "'");
        }
        Configuration client = new Configuration();
        client.set(PipelineOptions.GENERIC_TYPES, false);
        client.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(3));
        client.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, TOLERABLE_FAILED_CHECKPOINTS);
        String[] jars =
                dev.rivulet.jobs.JobJar.locate()
                        .map(p -> new String[] {p.toString()})
                        .orElse(new String[0]);
        return StreamExecutionEnvironment.createRemoteEnvironment(
                o.cluster().substring(0, colon),
                Integer.parseInt(o.cluster().substring(colon + 1)),
                client,
                jars);
    }

    private static Configuration flinkConfig(Options o) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        dev.rivulet.jobs.RocksDbLogCap.apply(conf);
        dev.rivulet.jobs.RocksDbManifestCap.apply(conf);
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                o.out().resolve("checkpoints").toUri().toString());
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.set(
                org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTING_INTERVAL,
                Duration.ofSeconds(3));
        conf.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, TOLERABLE_FAILED_CHECKPOINTS);
        dev.rivulet.jobs.RestartPolicy.apply(conf);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.setString(
                "metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter.prom.port", "9249-9259");
        conf.set(MetricOptions.REPORTERS_LIST, "prom");
        return conf;
    }

    private static Evaluator evaluator(Options o, EvalSet set, Evaluator.Sampling sampling) {
        return new Evaluator(
                set.cells(),
                o.settings().get(LoopOptions.MAX_NEW_TOKENS),
                o.settings().template(),
                o.settings().get(dev.rivulet.jobs.options.SourceOptions.SYSTEM_PROMPT),
                sampling);
    }

    /** summary.json's config: every rivulet option, and the model when known. */
    private static Map<String, String> config(Options o) {
        Map<String, String> config = new java.util.TreeMap<>(o.settings().effective());
        if (o.model() != null && !o.model().isEmpty()) {
            config.put("model", o.model());
        }
        return config;
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }

    /** ", pass@4 0.812, mean@4 0.640 (T 1.0, 2.3 s)" or "" when the sampled evaluation is off. */
    private static String sampledLine(EvalResult r) {
        var s = r.sampled();
        if (!s.enabled()) {
            return "";
        }
        return String.format(
                Locale.ROOT,
                ", pass@%d %.3f, mean@%d %.3f (T %s, sampled in %.1f s)",
                s.samples(),
                s.passAtK(),
                s.samples(),
                s.meanAtK(),
                s.temperature(),
                s.millis() / 1000.0);
    }

    private static void record(
            EvalResult r,
            double evalSeconds,
            long start,
            Map<String, Integer> difficulties,
            BufferedWriter out,
            KafkaRowWriter kafka,
            EvalMetrics metrics,
            RunData data)
            throws java.io.IOException {
        metrics.record(r);
        for (Map.Entry<String, int[]> e : r.cells().entrySet()) {
            ObjectNode row = JSON.createObjectNode();
            row.put("ts", r.ts());
            row.put("elapsed_s", (r.ts() - start) / 1000.0);
            row.put("policy_version", r.policyVersion());
            row.put("rollouts", data.rolloutCount());
            row.put("cell", e.getKey());
            row.put("task", e.getKey().replaceAll("[(:].*", ""));
            row.put("difficulty", difficulties.getOrDefault(e.getKey(), 0));
            row.put("correct", e.getValue()[0]);
            row.put("total", e.getValue()[1]);
            row.put(
                    "accuracy",
                    e.getValue()[1] == 0 ? 0 : (double) e.getValue()[0] / e.getValue()[1]);
            row.put("eval_seconds", evalSeconds);
            putSampled(row, r.sampled(), e.getKey());
            String json = JSON.writeValueAsString(row);
            out.write(json);
            out.write('\n');
            if (kafka != null) {
                kafka.send(json);
            }
            data.evaluations.add(row);
        }
        out.flush();
    }

    /** The cell's sampled figures on an evaluation row; nothing when the sampled pass is off. */
    static void putSampled(ObjectNode row, dev.rivulet.jobs.eval.SampledEval s, String cell) {
        if (!s.enabled() || !s.correctByCell().containsKey(cell)) {
            return;
        }
        row.put("samples", s.samples());
        row.put("sample_temperature", s.temperature());
        row.put("sampled_prompts", s.correctByCell().get(cell).length);
        row.put("mean_at_k", s.meanByCell().get(cell));
        row.put("pass_at_k", s.passAtKByCell().get(cell));
        row.put("sampled_seconds", s.millis() / 1000.0);
    }

    private static void progress(
            Options o, RunData data, EvalResult eval, long trainStart, long deadline) {
        JsonNode last = data.lastStep();
        double secs = Math.max(1e-3, (System.currentTimeMillis() - trainStart) / 1000.0);
        double reward = data.recentRewardMean();
        o.progress()
                .printf(
                        Locale.ROOT,
                        "\r[rivulet] step %d | policy v%d | %.0f rollouts/s | reward %.3f | held-out %.3f | staleness %.2f | %ds left   ",
                        data.steps.size(),
                        last == null ? 0 : last.path("policy_version").asLong(),
                        data.rolloutCount() / secs,
                        reward,
                        eval.accuracy(),
                        last == null ? 0.0 : last.path("staleness_mean").asDouble(),
                        Math.max(0, (deadline - System.currentTimeMillis()) / 1000));
        o.progress().flush();
    }
}
