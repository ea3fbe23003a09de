package dev.rivulet.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.jobs.JobSettings;
import dev.rivulet.jobs.demo.RunResult;
import dev.rivulet.jobs.demo.TrainingRun;
import dev.rivulet.operators.testing.ArithAnswerer;
import dev.rivulet.operators.testing.TestPolicyServer;
import dev.rivulet.protocol.LedgerEntry;
import dev.rivulet.protocol.testing.DeterministicPolicyService;
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
 * agrees with it.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
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
        } finally {
            cluster.stop();
        }
    }
}
