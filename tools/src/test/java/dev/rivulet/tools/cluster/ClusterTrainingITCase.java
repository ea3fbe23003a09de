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
                        Map.of());
        LocalCluster cluster = new LocalCluster(spec);
        try (var server =
                new TestPolicyServer(new DeterministicPolicyService(new ArithAnswerer()))) {
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
        } finally {
            cluster.stop();
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
                                // TaskManagers under CI load once took most of 15 s
                                Duration.ofSeconds(25),
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
