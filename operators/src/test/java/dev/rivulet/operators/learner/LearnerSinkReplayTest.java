package dev.rivulet.operators.learner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.operators.telemetry.LearnerStepEvent;
import dev.rivulet.operators.testing.Harnesses;
import dev.rivulet.operators.testing.TestPolicyServer;
import dev.rivulet.protocol.LedgerEntry;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.testing.DeterministicPolicyService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Replay with reuse: each rollout is trained up to max-reuse times, each use once in the ledger.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LearnerSinkReplayTest {

    @Test
    void reusedRolloutsAreTrainedUnderOneIdPerUse() throws Exception {
        try (var server = new TestPolicyServer(new DeterministicPolicyService())) {
            var h = LearnerSinkHarness.of(LearnerSinkHarness.config(server.endpoint(), 100, 2));
            try (h) {
                h.open();
                for (int i = 0; i < 4; i++) {
                    h.processElement(
                            new StreamRecord<>(
                                    new ScoredRollout(
                                            "r" + i,
                                            "p" + i,
                                            "arith",
                                            1,
                                            new int[] {49, 43, 49, 61},
                                            new int[] {50},
                                            new float[] {-0.5f},
                                            1.0,
                                            i % 2 == 0 ? -1.0 : 1.0,
                                            0)));
                }
                // the first batch trains r0..r3; they stay buffered for their second use
                Harnesses.runMailsUntil(h, () -> Harnesses.values(h).size() >= 1);
                assertThat(Harnesses.values(h).get(0).progress().bufferSize()).isEqualTo(4);
                h.setProcessingTime(2000); // the learner is free: the second use goes out
                Harnesses.runMailsUntil(h, () -> Harnesses.values(h).size() >= 2);
                h.setProcessingTime(4000); // exhausted now: nothing more to train
                List<LearnerStepEvent> steps = Harnesses.values(h);
                assertThat(steps).hasSize(2);
                assertThat(steps.get(1).progress().bufferSize()).isZero();
                assertThat(server.service.ledger())
                        .extracting(LedgerEntry::rolloutId)
                        .containsExactlyInAnyOrder(
                                "r0", "r1", "r2", "r3", "r0#u2", "r1#u2", "r2#u2", "r3#u2");
            }
        }
    }
}
