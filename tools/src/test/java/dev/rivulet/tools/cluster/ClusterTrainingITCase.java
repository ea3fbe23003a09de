package dev.rivulet.tools.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.operators.testing.ArithAnswerer;
import dev.rivulet.operators.testing.TestPolicyServer;
import dev.rivulet.protocol.LedgerEntry;
import dev.rivulet.protocol.testing.DeterministicPolicyService;
import dev.rivulet.tools.demo.RunResult;
import dev.rivulet.tools.demo.TrainingRun;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short training run submitted to a real multi-process Flink cluster (a JobManager and two
 * TaskManagers, each its own JVM): the job trains, the ledger has no rollout twice, and the summary
 * agrees with it. A second run on the same cluster trains on a user's prompt file: the job keeps
 * running after the file is read, unservable rows are dead letters, and the driver evaluates on the
 * file's held-out rows.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ClusterTrainingITCase {

    @TempDir Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void trainsOnAMultiProcessCluster() throws Exception {
        // what the server was asked to generate with: max-new-tokens/temperature/top-p
        Set<String> sampling = ConcurrentHashMap.newKeySet();
        ArithAnswerer arith = new ArithAnswerer();
        LocalCluster cluster = null;
        try (var server =
                new TestPolicyServer(
                        new DeterministicPolicyService(
                                (request, sample) -> {
                                    sampling.add(
                                            request.maxNewTokens()
                                                    + "/"
                                                    + request.temperature()
                                                    + "/"
                                                    + request.topP());
                                    return arith.apply(request, sample);
                                }))) {
            // rivulet.* options in the cluster's Flink configuration (its config.yaml), as a
            // FlinkDeployment's flinkConfiguration puts them; only OnlineRlJob.main reads them
            ClusterSpec spec =
                    new ClusterSpec(
                            dir.resolve("cluster"),
                            freePort(),
                            freePort(),
                            2,
                            1,
                            "768m",
                            "1280m",
                            "9360-9370",
                            Map.of(
                                    "rivulet.server.address",
                                    "127.0.0.1:" + server.endpoint().port(),
                                    "rivulet.loop.temperature",
                                    "0.5",
                                    "rivulet.loop.top-p",
                                    "0.8",
                                    "rivulet.loop.max-new-tokens",
                                    "11"));
            cluster = new LocalCluster(spec);
            cluster.start(Duration.ofSeconds(90));
            assertThat(cluster.taskManagersRegistered()).isEqualTo(2);
            JobSettings settings =
                    JobSettings.of(
                            Map.of(
                                    "rivulet.source.pool-size", "200",
                                    "rivulet.loop.shards", "2",
                                    "rivulet.learner.batch-size", "32",
                                    "rivulet.learner.min-batch", "16",
                                    "rivulet.learner.max-staleness", "1000"));
            RunResult r =
                    TrainingRun.run(
                            new TrainingRun.Options(
                                    dir.resolve("run"),
                                    Duration.ofSeconds(15),
                                    settings,
                                    4,
                                    Duration.ofSeconds(30),
                                    2,
                                    new PrintStream(PrintStream.nullOutputStream()),
                                    "127.0.0.1:" + spec.restPort()),
                            server.endpoint());
            List<LedgerEntry> ledger = server.service.ledger();
            assertThat(ledger).isNotEmpty();
            assertThat(ledger.stream().map(LedgerEntry::rolloutId).distinct().count())
                    .isEqualTo(ledger.size());
            assertThat(r.summary().path("rollouts_trained").asLong()).isPositive();
            assertThat((long) ledger.size())
                    .isGreaterThanOrEqualTo(r.summary().path("rollouts_trained").asLong());
            assertThat(r.summary().path("policy_version").asLong()).isPositive();

            userPromptFileOnTheCluster(server, spec);
            mainReadsTheFlinkConfigurationThenConfigThenSet(server, spec, sampling);
        } finally {
            if (cluster != null) {
                cluster.stop();
            }
        }
    }

    /**
     * OnlineRlJob.main submitted as `flink run` or a FlinkDeployment would (here the REST jar
     * upload: main runs in the JobManager with the cluster's configuration): it reaches the server
     * at the address that only the Flink configuration names, and samples with temperature 0.5
     * (Flink configuration), top-p 0.9 (--config over the Flink configuration's 0.8) and 13 new
     * tokens (--set over the Flink configuration's 11). An unknown key fails the submission naming
     * the key.
     */
    private void mainReadsTheFlinkConfigurationThenConfigThenSet(
            TestPolicyServer server, ClusterSpec spec, Set<String> sampling) throws Exception {
        RestClient rest = new RestClient(spec.restUrl());
        String jar = rest.uploadJar(dev.rivulet.jobs.JobJar.locate().orElseThrow());
        Path yaml = dir.resolve("job.yaml");
        java.nio.file.Files.writeString(
                yaml,
                String.join(
                        "\n",
                        "rivulet:",
                        "  loop:",
                        "    top-p: 0.9",
                        "    shards: 2",
                        "  source:",
                        "    pool-size: 200",
                        "  learner:",
                        "    batch-size: 32",
                        "    min-batch: 16",
                        "    max-staleness: 1000",
                        ""));
        String telemetry = dir.resolve("run-main/telemetry").toUri().toString();

        var refused =
                rest.runJar(
                        jar,
                        "dev.rivulet.jobs.OnlineRlJob",
                        List.of("--telemetry", telemetry, "--set", "rivulet.loop.temprature=2"));
        assertThat(refused.statusCode()).isNotEqualTo(200);
        assertThat(refused.body()).contains("rivulet.loop.temprature");

        int before = server.service.ledger().size();
        var run =
                rest.runJar(
                        jar,
                        "dev.rivulet.jobs.OnlineRlJob",
                        List.of(
                                "--telemetry",
                                telemetry,
                                "--config",
                                yaml.toString(),
                                "--set",
                                "rivulet.loop.max-new-tokens=13"));
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        String jobId =
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(run.body())
                        .path("jobid")
                        .asText();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!(sampling.contains("13/0.5/0.9") && server.service.ledger().size() > before)
                    && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            assertThat(sampling).as("sampling seen by the server").contains("13/0.5/0.9");
            assertThat(sampling).doesNotContain("11/0.5/0.8", "11/0.5/0.9", "13/0.5/0.8");
            assertThat(server.service.ledger().size()).as("trained rollouts").isGreaterThan(before);
        } finally {
            rest.cancel(jobId);
        }
    }

    private void userPromptFileOnTheCluster(TestPolicyServer server, ClusterSpec spec)
            throws Exception {
        server.service.refuseCharacters("€");
        java.util.List<String> rows = new java.util.ArrayList<>();
        java.util.Set<String> goodIds = new java.util.HashSet<>();
        for (int i = 0; i < 40; i++) {
            String prompt = (i % 8) + "+" + (i / 8) + "=";
            rows.add("{\"prompt\":\"" + prompt + "\",\"answer\":\"" + (i % 8 + i / 8) + "\"}");
            goodIds.add(dev.rivulet.algo.task.PromptIds.of("exact", prompt));
        }
        rows.add("{\"prompt\":\"1€+1=\",\"answer\":\"2\"}");
        rows.add("{\"prompt\":\"2€+2=\",\"answer\":\"4\"}");
        Path file = dir.resolve("prompts.jsonl");
        java.nio.file.Files.write(file, rows, java.nio.charset.StandardCharsets.UTF_8);
        JobSettings settings =
                JobSettings.of(
                        Map.of(
                                "rivulet.source.prompts", file.toString(),
                                "rivulet.eval.heldout-fraction", "0.3",
                                "rivulet.loop.shards", "2",
                                "rivulet.learner.batch-size", "32",
                                "rivulet.learner.min-batch", "16",
                                "rivulet.learner.max-staleness", "1000"));
        Path out = dir.resolve("run-prompts");
        RunResult r =
                TrainingRun.run(
                        new TrainingRun.Options(
                                out,
                                // counted from submission: deploying to the cluster's
                                // TaskManagers under CI load once took most of 15 s, and a CI
                                // run on 2026-12-05 trained nothing within 25 s (passed on
                                // the rerun)
                                Duration.ofSeconds(40),
                                settings,
                                4,
                                Duration.ofSeconds(30),
                                2,
                                new PrintStream(PrintStream.nullOutputStream()),
                                "127.0.0.1:" + spec.restPort()),
                        server.endpoint());
        assertThat(r.summary().path("rollouts_trained").asLong()).isPositive();
        Path telemetry = out.resolve("telemetry");
        var rollouts = dev.rivulet.tools.report.TelemetryReader.readAll(telemetry, "rollouts");
        assertThat(rollouts).isNotEmpty();
        assertThat(rollouts)
                .allSatisfy(x -> assertThat(goodIds).contains(x.path("prompt_id").asText()));
        var split =
                new dev.rivulet.algo.task.HeldOutSplit(
                        0.3, dev.rivulet.algo.task.HeldOutSplit.DEFAULT_SALT);
        long heldOut =
                java.util.stream.IntStream.range(0, 40)
                        .filter(i -> split.isHeldOut("exact", (i % 8) + "+" + (i / 8) + "="))
                        .count();
        var evals = dev.rivulet.tools.report.TelemetryReader.readAll(telemetry, "evaluations");
        assertThat(evals).isNotEmpty();
        assertThat(evals).allSatisfy(e -> assertThat(e.path("total").asLong()).isEqualTo(heldOut));
        var dead = dev.rivulet.tools.report.TelemetryReader.readAll(telemetry, "dead_letters");
        assertThat(dead)
                .extracting(d -> d.path("line").asLong() + " " + d.path("code").asText())
                .containsExactlyInAnyOrder("41 untokenizable", "42 untokenizable");
    }
}
