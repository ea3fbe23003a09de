package dev.rivulet.tools.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection on a real multi-process cluster: a TaskManager JVM is killed with SIGKILL mid-run
 * and replaced; the job recovers, and the surviving lineage has no rollout lost or trained twice,
 * with the server's committed weights equal to their durable checkpoint.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ChaosITCase {

    @TempDir Path dir;

    @Test
    void taskManagerKillLosesAndDuplicatesNothing() throws Exception {
        List<ScenarioResult> results =
                new ChaosRunner(
                                new ChaosRunner.Options(
                                        dir,
                                        List.of(ChaosScenario.TASKMANAGER_KILL),
                                        Duration.ofSeconds(4),
                                        Duration.ofSeconds(4),
                                        List.of("--model-size=tiny", "--seed=3"),
                                        new PrintStream(System.out, true)))
                        .run();
        assertThat(results).hasSize(1);
        ScenarioResult r = results.get(0);
        System.out.print(ChaosRunner.table(results));
        assertThat(r.accounting().generated()).isPositive();
        assertThat(r.accounting().trained()).isPositive();
        assertThat(r.lost()).as("lost, %s", r.accounting()).isZero();
        assertThat(r.duplicated()).as("duplicated, %s", r.accounting()).isZero();
        assertThat(r.weightsConsistent()).isTrue();
        assertThat(r.recoverySeconds()).isPositive();
        JsonNode json = ChaosRunner.read(dir.resolve("chaos.json"));
        assertThat(json.get(0).path("name").asText()).isEqualTo("taskmanager-kill");
        for (String f : List.of("recovery_seconds", "lost", "duplicated", "weights_consistent")) {
            assertThat(json.get(0).has(f)).as("chaos.json has " + f).isTrue();
        }
    }
}
