package dev.rivulet.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real job (MiniCluster, RocksDB) with 2 simulated generators over Flight: one generator dies
 * mid-run (every call, those in flight included, fails as unavailable, then its server stops). Its
 * unanswered requests are answered by the other, the job keeps training, and no rollout is trained
 * twice.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FleetFailoverITCase {

    @TempDir Path dir;

    @Test
    void aKilledGeneratorLosesAndDuplicatesNothing() throws Exception {
        try (SimulatedFleet fleet =
                        SimulatedFleet.start(2, LearningCurve.defaults(), 1_000_000L, 50_000L);
                FleetJob job =
                        FleetJob.start(
                                fleet,
                                FleetJob.settings(
                                        fleet,
                                        2,
                                        Map.of(
                                                "rivulet.loop.max-rollouts-per-version", "0",
                                                "rivulet.learner.max-staleness", "1000000")),
                                2,
                                dir)) {
            SimulatedGenerator survivor = fleet.generators().get(0);
            SimulatedGenerator victim = fleet.generators().get(1);
            await(job, () -> fleet.learner().trained() >= 1000 && victim.answered().size() >= 16);

            fleet.kill(1);
            long trainedAtKill = fleet.learner().trained();
            long survivorAtKill = survivor.generated();
            await(job, () -> fleet.learner().trained() >= trainedAtKill + 2000);
            job.checkRunning();

            Set<String> unanswered = new HashSet<>(victim.received());
            unanswered.removeAll(victim.answered());
            assertThat(unanswered).as("requests in flight on the killed generator").isNotEmpty();
            assertThat(survivor.answered())
                    .as("each re-issued to the survivor")
                    .containsAll(unanswered);
            assertThat(survivor.generated()).isGreaterThan(survivorAtKill);
            assertThat(fleet.learner().duplicateRollouts()).isZero();
        }
    }

    private static void await(FleetJob job, BooleanSupplier done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            job.checkRunning();
            Thread.sleep(50);
        }
    }
}
