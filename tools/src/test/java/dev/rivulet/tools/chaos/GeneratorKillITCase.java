package dev.rivulet.tools.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model side as a fleet (issue 17) on a real multi-process cluster: a learner process ({@code
 * serve --role learner}) and two generator processes ({@code serve --role generator}), the job's
 * generate calls spread over the generators. One generator is killed with SIGKILL mid-run and
 * replaced: nothing is lost or trained twice, throughput comes back, and every generator's weights
 * digest equals the learner's for the version it reports.
 */
@Timeout(value = 7, unit = TimeUnit.MINUTES)
class GeneratorKillITCase {

    @TempDir Path dir;

    @Test
    void aGeneratorKillLosesAndDuplicatesNothingAndTheWeightsMatchTheLearners() throws Exception {
        List<ScenarioResult> results =
                new ChaosRunner(
                                new ChaosRunner.Options(
                                        dir,
                                        List.of(ChaosScenario.GENERATOR_KILL),
                                        Duration.ofSeconds(4),
                                        Duration.ofSeconds(4),
                                        List.of("--model-size=tiny", "--seed=3"),
                                        new PrintStream(System.out, true)))
                        .run();
        ScenarioResult r = results.get(0);
        System.out.print(ChaosRunner.table(results));
        System.out.println(r.detail());
        assertThat(r.accounting().trained()).isPositive();
        assertThat(r.lost()).as("lost, %s", r.accounting()).isZero();
        assertThat(r.duplicated()).as("duplicated, %s", r.accounting()).isZero();
        assertThat(r.weightsConsistent()).as(r.detail()).isTrue();
        ScenarioResult.Fleet fleet = r.fleet();
        assertThat(fleet.generators()).isEqualTo(2);
        // each generator before the kill and after the recovery (each asked until it gives a
        // sample, up to 15 s)
        assertThat(fleet.digestsCompared()).as(r.detail()).isGreaterThanOrEqualTo(3);
        assertThat(fleet.digestsDiffering()).as(r.detail()).isZero();
        assertThat(fleet.rolloutsPerSecondBefore()).isPositive();
        // throughput returns: the replacement rejoined (a loaded 2-core machine is noisy, so
        // a third of the pre-kill rate is the bar; the figure is in the detail)
        assertThat(fleet.rolloutsPerSecondAfter())
                .as(r.detail())
                .isGreaterThan(fleet.rolloutsPerSecondBefore() / 3);
    }
}
