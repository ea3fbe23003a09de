package dev.rivulet.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rivulet.jobs.OnlineRlJob;
import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.server.app.ModelServer;
import dev.rivulet.server.app.ModelServerConfig;
import dev.rivulet.server.service.ServiceConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Prometheus binary scrapes a short live run: an in-process DJL model server (tiny model,
 * metrics on) and the online-RL job on a MiniCluster with Flink's PrometheusReporter, scraped and
 * evaluated every second with {@code docker/prometheus/alerts.yml} as the rule file. Checks through
 * the HTTP API that both targets are up, that training moves the key series, that every rule loads
 * and evaluates cleanly, and that every metric name the alerts and the Grafana dashboard read
 * exists in the live scrape; then stops the model server and sees ModelServerDown go pending.
 *
 * <p>Without the binary the test is skipped locally, and fails when {@code CI=true}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PrometheusLiveITCase {

    /**
     * Metric names the alerts or the dashboard read that a healthy run does not export, and why.
     * Empty: every name exists in a healthy run (counters that only grow under failure, such as
     * {@code numberOfFailedCheckpoints} or {@code rivulet_server_errors_total}, are exported at 0
     * from the start).
     */
    static final Map<String, String> FAILURE_ONLY = Map.of();

    /**
     * Metric names the dashboard or alerts read that neither scraped process exports, and why: the
     * driver's evaluation gauges (tools' {@code EvalMetrics}, tested by {@code EvalMetricsTest}).
     */
    static final Map<String, String> NOT_SCRAPED_HERE =
            Map.of(
                    "rivulet_eval_accuracy",
                    "served by the demo/train driver's own endpoint (rivulet.eval.metrics-port),"
                            + " which this test does not run");

    /** The rendered runbook link of ModelServerDown (no runbook_base external label here). */
    static final String MODEL_SERVER_DOWN_RUNBOOK =
            "https://github.com/rivulet/rivulet/blob/main/docs/operations.md#modelserverdown";

    /** Malformed prompt rows the job turns into dead letters. */
    private static final List<String> BAD_ROWS =
            List.of("not json", "{\"prompt\":\"1+1=\",\"task\":\"arith\"}", "[1,");

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void prometheusScrapesALiveRunAndSeesTheModelServerGoDown() throws Exception {
        Path binary = prometheusOrSkip();
        Path root = projectRoot();
        Path alerts = root.resolve("docker/prometheus/alerts.yml");
        Set<String> alertNames = alertNames(alerts);
        Map<String, Set<String>> readers = metricReaders(alerts, root);

        ModelServer server =
                ModelServer.start(
                        ModelServerConfig.local(
                                        ServiceConfig.defaults()
                                                .withModelSize("tiny")
                                                .withCheckpointDir(dir.resolve("server")))
                                .withMetricsPort(0));
        boolean serverClosed = false;
        JobClient job = null;
        PrometheusProcess prom = null;
        try {
            int flinkPort = freePort();
            job = startJob(server, flinkPort);
            Path config =
                    writeConfig(alerts, server.metricsPort(), flinkPort, dir.resolve("prom.yml"));
            long t0 = System.nanoTime();
            prom =
                    PrometheusProcess.start(
                            binary,
                            config,
                            dir.resolve("prom"),
                            freePort(),
                            Duration.ofSeconds(30));

            // 1. both targets are up
            PrometheusProcess p = prom;
            JsonNode targets =
                    await(
                            "both targets up",
                            Duration.ofSeconds(90),
                            () -> {
                                JsonNode active = p.api("/api/v1/targets").path("activeTargets");
                                boolean up = active.size() == 2;
                                for (JsonNode t : active) {
                                    up &= "up".equals(t.path("health").asText());
                                }
                                return up ? active : null;
                            });
            List<String> jobs = new ArrayList<>();
            targets.forEach(t -> jobs.add(t.path("labels").path("job").asText()));
            assertThat(jobs).containsExactlyInAnyOrder("rivulet-model-server", "rivulet-flink");
            report("targets up after %.1f s", secondsSince(t0));

            // 2. the key series move: training, generation, dead letters
            await(
                    "the policy version to move and rollouts to be counted",
                    Duration.ofSeconds(120),
                    () ->
                            value(p, "max(rivulet_server_policy_version)") > 0
                                            && value(
                                                            p,
                                                            "sum(flink_taskmanager_job_task_operator_rivulet_rollouts)")
                                                    > 0
                                            && value(
                                                            p,
                                                            "max(flink_taskmanager_job_task_operator_rivulet_policy_version)")
                                                    > 0
                                    ? Boolean.TRUE
                                    : null);
            report(
                    "training visible after %.1f s: policy version %.0f, %.0f rollouts,"
                            + " %.0f tokens generated",
                    secondsSince(t0),
                    value(p, "max(rivulet_server_policy_version)"),
                    value(p, "sum(flink_taskmanager_job_task_operator_rivulet_rollouts)"),
                    value(p, "sum(rivulet_server_generated_tokens_total)"));
            assertThat(value(p, "sum(up{job=\"rivulet-model-server\"})")).isEqualTo(1.0);
            assertThat(value(p, "sum(up{job=\"rivulet-flink\"})")).isEqualTo(1.0);
            await(
                    "every malformed row counted as a dead letter",
                    Duration.ofSeconds(30),
                    () ->
                            value(
                                                    p,
                                                    "sum(flink_taskmanager_job_task_operator_rivulet_dead_letters)")
                                            == BAD_ROWS.size()
                                    ? Boolean.TRUE
                                    : null);

            // 3. every metric name the alerts and the dashboard read exists in the live scrape
            Set<String> wanted = new TreeSet<>(readers.keySet());
            wanted.removeAll(FAILURE_ONLY.keySet());
            wanted.removeAll(NOT_SCRAPED_HERE.keySet());
            // the series the new metrics add, read by no alert or panel yet
            wanted.addAll(
                    List.of(
                            "rivulet_server_train_staleness_bucket",
                            "flink_taskmanager_job_task_operator_rivulet_rollouts_trained_total",
                            "flink_taskmanager_job_task_operator_rivulet_dropped_stale_total",
                            "flink_taskmanager_job_task_operator_rivulet_rollouts_rejected_total",
                            "flink_taskmanager_job_task_operator_rivulet_task_part_reward_part"));
            Map<String, Set<String>> missing = new TreeMap<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            do {
                missing.clear();
                for (String name : wanted) {
                    if (p.query("{__name__=\"" + name + "\"}").isEmpty()) {
                        missing.put(name, readers.get(name));
                    }
                }
                if (!missing.isEmpty()) {
                    Thread.sleep(1000);
                }
            } while (!missing.isEmpty() && System.nanoTime() < deadline);
            assertThat(missing)
                    .as(
                            "metric names read by alerts.yml / the dashboard that the live scrape"
                                    + " does not have (name → readers)")
                    .isEmpty();
            report(
                    "all %d metric names read by %d alerts and the dashboard exist live: %s",
                    wanted.size(), alertNames.size(), wanted);

            // the staleness histogram has the promised buckets and counts trained rollouts
            Set<String> buckets = new TreeSet<>();
            for (JsonNode series : p.query("rivulet_server_train_staleness_bucket")) {
                buckets.add(series.path("metric").path("le").asText());
            }
            assertThat(buckets)
                    .containsExactlyInAnyOrder("0.0", "1.0", "2.0", "4.0", "8.0", "16.0", "+Inf");
            assertThat(value(p, "sum(rivulet_server_train_staleness_count)")).isPositive();
            assertThat(
                            value(
                                    p,
                                    "sum(flink_taskmanager_job_task_operator_rivulet_rollouts_trained_total)"))
                    .isPositive();
            // a reward-part gauge per task and part, with those labels
            Set<String> parts = new TreeSet<>();
            for (JsonNode series :
                    p.query("flink_taskmanager_job_task_operator_rivulet_task_part_reward_part")) {
                parts.add(
                        series.path("metric").path("task").asText()
                                + "/"
                                + series.path("metric").path("part").asText());
            }
            assertThat(parts).isNotEmpty().allMatch(x -> x.startsWith("arith/") && x.length() > 6);
            report(
                    "staleness buckets %s; reward parts %s; trained %.0f (counter)",
                    buckets,
                    parts,
                    value(
                            p,
                            "sum(flink_taskmanager_job_task_operator_rivulet_rollouts_trained_total)"));

            // ... and carries the labels the alerts group by
            for (JsonNode group : yaml(alerts).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    String expr = rule.path("expr").asText();
                    Set<String> labels = PromQlNames.groupingLabels(expr);
                    for (String name : PromQlNames.of(expr)) {
                        if (FAILURE_ONLY.containsKey(name)
                                || NOT_SCRAPED_HERE.containsKey(name)
                                || labels.isEmpty()) {
                            continue;
                        }
                        boolean carried = false;
                        for (JsonNode series : p.query("{__name__=\"" + name + "\"}")) {
                            carried |= labels.stream().allMatch(series.path("metric")::has);
                        }
                        assertThat(carried)
                                .as(rule.path("alert").asText() + ": " + name + " has " + labels)
                                .isTrue();
                    }
                }
            }
            List<String> operatorMetrics = new ArrayList<>();
            for (JsonNode r :
                    p.query(
                            "count by (__name__)"
                                    + " ({__name__=~\"flink_taskmanager_job_task_operator_rivulet_.*\"})")) {
                operatorMetrics.add(r.path("metric").path("__name__").asText());
            }
            report("Flink operator metrics of group rivulet: %s", new TreeSet<>(operatorMetrics));

            // 4. every alert rule is loaded and evaluates without error
            Map<String, String> health = new TreeMap<>();
            for (JsonNode group : p.api("/api/v1/rules").path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if ("alerting".equals(rule.path("type").asText())) {
                        health.put(rule.path("name").asText(), rule.path("health").asText());
                    }
                }
            }
            assertThat(health.keySet()).isEqualTo(alertNames);
            assertThat(health).allSatisfy((name, h) -> assertThat(h).as(name).isEqualTo("ok"));
            assertThat(activeAlerts(p))
                    .doesNotContainKeys(
                            "ModelServerDown",
                            "FlinkMetricsDown",
                            "GenerateErrorsHigh",
                            "TrainErrorsHigh");
            report("alerts active while healthy: %s", activeAlerts(p));

            // 5. stop the model server: ModelServerDown goes pending (for: 1m, then firing)
            long stop = System.nanoTime();
            server.close();
            serverClosed = true;
            String state =
                    await(
                            "ModelServerDown pending or firing",
                            Duration.ofSeconds(60),
                            () -> {
                                String s = activeAlerts(p).get("ModelServerDown");
                                return "pending".equals(s) || "firing".equals(s) ? s : null;
                            });
            assertThat(value(p, "sum(up{job=\"rivulet-model-server\"})")).isEqualTo(0.0);
            report(
                    "ModelServerDown %s %.1f s after the model server was stopped",
                    state, secondsSince(stop));
            assertThat(annotation(p, "ModelServerDown", "runbook_url"))
                    .isEqualTo(MODEL_SERVER_DOWN_RUNBOOK);
            // the loop's generate calls now fail every second: GenerateErrorsHigh goes pending
            String generate =
                    await(
                            "GenerateErrorsHigh pending or firing",
                            Duration.ofSeconds(90),
                            () -> {
                                String s = activeAlerts(p).get("GenerateErrorsHigh");
                                return "pending".equals(s) || "firing".equals(s) ? s : null;
                            });
            report(
                    "GenerateErrorsHigh %s %.1f s after the stop (%.0f generate errors);"
                            + " TrainErrorsHigh: %s (%.0f train errors)",
                    generate,
                    secondsSince(stop),
                    value(p, "sum(flink_taskmanager_job_task_operator_rivulet_generate_errors)"),
                    activeAlerts(p).getOrDefault("TrainErrorsHigh", "inactive"),
                    value(
                            p,
                            "sum(flink_taskmanager_job_task_operator_rivulet_train_errors_total)"));
        } finally {
            if (job != null) {
                try {
                    job.cancel().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    report("cancelling the job: %s", e);
                }
            }
            if (prom != null) {
                prom.close();
            }
            if (!serverClosed) {
                server.close();
            }
        }
    }

    private static Path prometheusOrSkip() {
        var binary = PrometheusProcess.binary();
        if (binary.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(
                        "CI=true but no prometheus binary (-Drivulet.prometheus or the PATH; Debian package"
                                + " 'prometheus'; .ci/run installs it)");
            }
            assumeTrue(false, "no prometheus binary on the PATH: apt-get install prometheus");
        }
        return binary.get();
    }

    /** The online-RL job on a MiniCluster whose PrometheusReporter listens on {@code port}. */
    private JobClient startJob(ModelServer server, int port) throws Exception {
        Path prompts = Files.createDirectories(dir.resolve("prompts"));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int a = i % 10;
            int b = (i / 10) % 10;
            lines.add(
                    String.format(
                            "{\"id\":\"p%d\",\"prompt\":\"%d+%d=\",\"answer\":\"%d\","
                                    + "\"task\":\"arith\",\"difficulty\":1}",
                            i, a, b, a + b));
            if (i % 70 == 7) {
                lines.add(BAD_ROWS.get(i / 70));
            }
        }
        Files.write(prompts.resolve("train.jsonl"), lines, StandardCharsets.UTF_8);
        JobSettings settings =
                JobSettings.of(
                        Map.of(
                                "rivulet.source.prompts", prompts.toString(),
                                "rivulet.source.watch-interval", "1 s",
                                "rivulet.source.mix", "arith(ops=+):1",
                                "rivulet.loop.max-new-tokens", "4",
                                "rivulet.loop.prompts-per-call", "8",
                                "rivulet.learner.batch-size", "32",
                                "rivulet.learner.min-batch", "16",
                                "rivulet.learner.max-staleness", "1000"));
        Configuration conf = new Configuration();
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                dir.resolve("checkpoints").toUri().toString());
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1));
        conf.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, 1_000_000);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // as the demo configures it (TrainingRun), on a free port
        conf.setString(
                "metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter.prom.port", Integer.toString(port));
        conf.set(MetricOptions.REPORTERS_LIST, "prom");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        OnlineRlJob.build(
                env,
                settings,
                PolicyEndpoint.local(server.port()),
                dir.resolve("telemetry").toString());
        return env.executeAsync("rivulet-prometheus-live");
    }

    /** A Prometheus config scraping both endpoints every second, with the project's alerts. */
    private static Path writeConfig(Path alerts, int serverPort, int flinkPort, Path out)
            throws IOException {
        String yaml =
                String.join(
                        "\n",
                        "global:",
                        "  scrape_interval: 1s",
                        "  scrape_timeout: 1s",
                        "  evaluation_interval: 1s",
                        "rule_files:",
                        "  - " + alerts.toAbsolutePath(),
                        "scrape_configs:",
                        "  - job_name: rivulet-model-server",
                        "    static_configs:",
                        "      - targets: ['127.0.0.1:" + serverPort + "']",
                        "  - job_name: rivulet-flink",
                        "    static_configs:",
                        "      - targets: ['127.0.0.1:" + flinkPort + "']",
                        "");
        Files.writeString(out, yaml, StandardCharsets.UTF_8);
        return out;
    }

    /** The alert names of alerts.yml. */
    static Set<String> alertNames(Path alerts) throws IOException {
        Set<String> names = new TreeSet<>();
        for (JsonNode group :
                new ObjectMapper(new YAMLFactory()).readTree(alerts.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                names.add(rule.path("alert").asText());
            }
        }
        return names;
    }

    /**
     * Every metric name read by an alert expression or a dashboard panel, with who reads it (alert
     * names, {@code dashboard}).
     */
    static Map<String, Set<String>> metricReaders(Path alerts, Path root) throws IOException {
        Map<String, Set<String>> readers = new TreeMap<>();
        for (JsonNode group :
                new ObjectMapper(new YAMLFactory()).readTree(alerts.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                for (String name : PromQlNames.of(rule.path("expr").asText())) {
                    readers.computeIfAbsent(name, k -> new TreeSet<>())
                            .add(rule.path("alert").asText());
                }
            }
        }
        Path dashboards = root.resolve("docker/grafana/dashboards");
        try (var files = Files.list(dashboards)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".json")).toList()) {
                for (JsonNode expr : JSON.readTree(f.toFile()).findValues("expr")) {
                    for (String name : PromQlNames.of(expr.asText())) {
                        readers.computeIfAbsent(name, k -> new TreeSet<>())
                                .add("dashboard " + f.getFileName());
                    }
                }
            }
        }
        assertThat(readers).as("metric names found").hasSizeGreaterThan(10);
        return readers;
    }

    private static JsonNode yaml(Path file) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    }

    /** Active alerts by name → state (pending or firing). */
    private static Map<String, String> activeAlerts(PrometheusProcess p) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode a : p.api("/api/v1/alerts").path("alerts")) {
            out.put(a.path("labels").path("alertname").asText(), a.path("state").asText());
        }
        return out;
    }

    /** An annotation of the active alert {@code name}, as Prometheus rendered it. */
    private static String annotation(PrometheusProcess p, String name, String key)
            throws Exception {
        for (JsonNode a : p.api("/api/v1/alerts").path("alerts")) {
            if (name.equals(a.path("labels").path("alertname").asText())) {
                return a.path("annotations").path(key).asText();
            }
        }
        return null;
    }

    /** The single value of a scalar-like query, NaN when the result is empty. */
    private static double value(PrometheusProcess p, String promql) throws Exception {
        JsonNode r = p.query(promql);
        return r.isEmpty()
                ? Double.NaN
                : Double.parseDouble(r.get(0).path("value").get(1).asText());
    }

    interface Probe<T> {
        T get() throws Exception;
    }

    private static <T> T await(String what, Duration timeout, Probe<T> probe) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T v = probe.get();
            if (v != null) {
                return v;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(500);
        }
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void report(String format, Object... args) {
        System.out.println(
                "[prometheus-live] " + String.format(java.util.Locale.ROOT, format, args));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The checkout's root, seen from the module directory the tests run in. */
    private static Path projectRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docker/prometheus/alerts.yml"))) {
                return p;
            }
        }
        throw new IllegalStateException(
                "no docker/prometheus above " + Path.of("").toAbsolutePath());
    }
}
