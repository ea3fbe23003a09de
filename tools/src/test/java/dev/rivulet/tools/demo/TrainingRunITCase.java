package dev.rivulet.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.operators.testing.ArithAnswerer;
import dev.rivulet.operators.testing.TestPolicyServer;
import dev.rivulet.protocol.LedgerEntry;
import dev.rivulet.protocol.testing.DeterministicPolicyService;
import dev.rivulet.protocol.testing.ErrorLogCapture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short embedded run against the deterministic test server: the run directory gets summary.json
 * with every required field, report.html with plots, and telemetry that agrees with the server's
 * ledger; and the run, the server's close included, logs no ERROR line.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class TrainingRunITCase {

    @TempDir Path out;

    @Test
    void shortRunWritesSummaryReportAndTelemetry() throws Exception {
        try (ErrorLogCapture log = ErrorLogCapture.open();
                var server =
                        new TestPolicyServer(new DeterministicPolicyService(new ArithAnswerer()))) {
            JobSettings settings =
                    JobSettings.of(
                            Map.of(
                                    "rivulet.source.pool-size", "200",
                                    "rivulet.learner.batch-size", "32",
                                    "rivulet.learner.min-batch", "16",
                                    "rivulet.learner.max-staleness", "1000"));
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            RunResult r =
                    TrainingRun.run(
                            new TrainingRun.Options(
                                    out,
                                    Duration.ofSeconds(12),
                                    settings,
                                    4,
                                    Duration.ofSeconds(6),
                                    2,
                                    new PrintStream(progress, true, StandardCharsets.UTF_8)),
                            server.endpoint());

            JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
            for (String f :
                    List.of(
                            "base_accuracy",
                            "final_accuracy",
                            "accuracy_by_difficulty",
                            "improvement_ci95",
                            "rollouts_generated",
                            "rollouts_trained",
                            "rollouts_dropped_stale",
                            "dead_letters",
                            "effective_gradient_ratio",
                            "policy_version",
                            "wall_seconds",
                            "rollouts_per_second",
                            "learner_busy_fraction",
                            "config")) {
                assertThat(s.has(f)).as("summary.json has " + f).isTrue();
            }
            assertThat(s.path("rollouts_generated").asLong()).isPositive();
            assertThat(s.path("rollouts_trained").asLong()).isPositive();
            // everything the telemetry says was trained is in the server's ledger, once
            List<LedgerEntry> ledger = server.service.ledger();
            assertThat(ledger.stream().map(LedgerEntry::rolloutId).distinct().count())
                    .isEqualTo(ledger.size());
            assertThat((long) ledger.size())
                    .isGreaterThanOrEqualTo(s.path("rollouts_trained").asLong());
            assertThat(s.path("policy_version").asLong()).isPositive();
            // accounting of the surviving lineage (telemetry files are exactly-once): every
            // rollout sent to the learner was trained once, dropped as stale, or is still
            // buffered or in the last (unacknowledged) batch
            List<JsonNode> rollouts =
                    dev.rivulet.tools.report.TelemetryReader.readAll(
                            out.resolve("telemetry"), "rollouts");
            java.util.Set<String> sent = new java.util.HashSet<>();
            for (JsonNode r0 : rollouts) {
                if (!r0.path("dropped").asBoolean()) {
                    assertThat(sent.add(r0.path("rollout_id").asText())).isTrue();
                }
            }
            // Set.contains per entry: AssertJ's contains on a set walks it, which made this
            // check quadratic (minutes of CPU for a ledger of a few hundred thousand rollouts)
            // only committed versions: a batch trained after the final savepoint's barrier (its
            // rollouts' telemetry not committed) belongs to no checkpoint and is rolled back by
            // any restore, so it is not part of the surviving lineage yet
            long committed = server.service.version().committed();
            assertThat(committed).as("versions committed by the run's checkpoints").isPositive();
            assertThat(
                            ledger.stream()
                                    .filter(e -> e.policyVersion() <= committed)
                                    .map(LedgerEntry::rolloutId)
                                    .filter(id -> !sent.contains(id))
                                    .limit(10)
                                    .toList())
                    .as("trained rollouts missing from the rollout telemetry")
                    .isEmpty();
            List<JsonNode> steps =
                    dev.rivulet.tools.report.TelemetryReader.readAll(
                            out.resolve("telemetry"), "learner_steps");
            // the newest step by policy version (part files are not in write order by name)
            JsonNode last =
                    steps.stream()
                            .max(
                                    java.util.Comparator.comparingLong(
                                            x -> x.path("policy_version").asLong()))
                            .orElseThrow();
            assertThat(last.path("policy_version").asLong()).isEqualTo(steps.size());
            long trainedInTelemetry =
                    steps.stream().mapToLong(x -> x.path("samples").asLong()).sum();
            // exact as of the last learner step: everything the learner had received was
            // trained once, dropped as stale, or is still in its buffer
            long received = last.path("received").asLong();
            assertThat(received).isPositive().isLessThanOrEqualTo(sent.size());
            assertThat(
                            trainedInTelemetry
                                    + last.path("dropped_stale").asLong()
                                    + last.path("buffer_size").asLong())
                    .as("trained + dropped + buffered = received as of the newest step")
                    .isEqualTo(received);
            String html = Files.readString(out.resolve("report.html"));
            assertThat(html)
                    .contains("<svg")
                    .contains("Held-out accuracy")
                    .contains("Rollouts per prompt");
            assertThat(progress.toString(StandardCharsets.UTF_8))
                    .contains("rollouts/s")
                    .contains("policy v");
            assertThat(r.summary().path("config").path("rivulet.loop.selector").asText())
                    .isEqualTo("uniform");
            server.close(); // the server's allocator closes too: a leak there logs ERROR
            assertThat(log.errors()).as("ERROR lines of a successful run").isEmpty();
        }
    }
}
