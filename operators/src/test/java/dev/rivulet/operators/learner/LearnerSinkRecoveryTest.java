package dev.rivulet.operators.learner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.operators.telemetry.DeadLetterEvent;
import dev.rivulet.operators.telemetry.LearnerStepEvent;
import dev.rivulet.operators.testing.Harnesses;
import dev.rivulet.operators.testing.TestPolicyServer;
import dev.rivulet.protocol.LedgerEntry;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.testing.DeterministicPolicyService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Harness tests of the LearnerSink's recovery edges: a failure before the first checkpoint with a
 * batch still in flight, a restore from a checkpoint taken before any rollout reached the learner,
 * and a batch the server refuses as invalid.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LearnerSinkRecoveryTest {

    private static LearnerConfig config(PolicyEndpoint endpoint) {
        return LearnerSinkHarness.config(endpoint, 100, 1);
    }

    private static KeyedOneInputStreamOperatorTestHarness<Integer, ScoredRollout, LearnerStepEvent>
            harness(LearnerConfig config) throws Exception {
        return LearnerSinkHarness.of(config);
    }

    private static ScoredRollout rollout(String id) {
        return new ScoredRollout(
                id,
                "p-" + id,
                "arith",
                1,
                new int[] {49, 43, 49, 61},
                new int[] {50},
                new float[] {-0.5f},
                1.0,
                1.0,
                0);
    }

    @Test
    void aBatchInFlightFromAFailedFirstAttemptIsFencedOffByTheFreshStart() throws Exception {
        DeterministicPolicyService service =
                new DeterministicPolicyService().withDelay(Duration.ofSeconds(30));
        try (var server = new TestPolicyServer(service)) {
            LearnerConfig config = config(server.endpoint());
            var first = harness(config);
            first.open();
            for (String id : List.of("a0", "a1", "a2", "a3")) {
                first.processElement(new StreamRecord<>(rollout(id)));
            }
            while (server.recording.batchIds.isEmpty()) {
                Thread.onSpinWait(); // the first attempt's batch waits inside the server
            }
            first.close(); // fails before any checkpoint: the next attempt is a fresh start

            try (var second = harness(config)) {
                second.open(); // rolls back to the committed version 0 on a new lineage
                for (String id : List.of("b0", "b1", "b2", "b3")) {
                    second.processElement(new StreamRecord<>(rollout(id)));
                }
                service.releaseDelays(); // the old batch now reaches the model: refused
                Harnesses.runMailsUntil(second, () -> Harnesses.values(second).size() >= 1);
                assertThat(Harnesses.values(second).get(0).id().policyVersion()).isEqualTo(1L);
                assertThat(service.version().current()).isEqualTo(1L);
                assertThat(service.ledger())
                        .extracting(LedgerEntry::rolloutId)
                        .containsExactlyInAnyOrder("b0", "b1", "b2", "b3");
            }
        }
    }

    @Test
    void restoreFromACheckpointBeforeAnyRolloutRollsBackToItsVersion() throws Exception {
        DeterministicPolicyService service = new DeterministicPolicyService();
        try (var server = new TestPolicyServer(service)) {
            LearnerConfig config = config(server.endpoint());
            OperatorSubtaskState empty;
            try (var first = harness(config)) {
                first.open();
                empty = first.snapshot(1L, 100L); // no rollout has reached the learner yet
                first.notifyOfCompletedCheckpoint(1L);
                for (String id : List.of("a0", "a1", "a2", "a3")) {
                    first.processElement(new StreamRecord<>(rollout(id)));
                }
                Harnesses.runMailsUntil(first, () -> Harnesses.values(first).size() >= 1);
                assertThat(service.version().current()).isEqualTo(1L);
            }
            try (var second = harness(config)) {
                second.initializeState(empty);
                second.open(); // the state knows version 0: the server goes back there
                assertThat(service.version().current()).isZero();
                assertThat(service.ledger()).isEmpty();
                for (String id : List.of("a0", "a1", "a2", "a3")) { // the source replays them
                    second.processElement(new StreamRecord<>(rollout(id)));
                }
                Harnesses.runMailsUntil(second, () -> Harnesses.values(second).size() >= 1);
                assertThat(Harnesses.values(second).get(0).id().policyVersion()).isEqualTo(1L);
                assertThat(service.ledger())
                        .extracting(LedgerEntry::rolloutId)
                        .containsExactlyInAnyOrder("a0", "a1", "a2", "a3");
            }
        }
    }

    @Test
    void aRefusedBatchBecomesDeadLettersAndTheLearnerGoesOn() throws Exception {
        DeterministicPolicyService service = new DeterministicPolicyService().refuseRollout("bad");
        try (var server = new TestPolicyServer(service);
                var h = harness(config(server.endpoint()))) {
            h.open();
            for (String id : List.of("x0", "x1", "x2", "bad")) {
                h.processElement(new StreamRecord<>(rollout(id)));
            }
            Harnesses.runMailsUntil(h, () -> h.getSideOutput(LearnerSinkOperator.REJECTED) != null);
            for (String id : List.of("y0", "y1", "y2", "y3")) {
                h.processElement(new StreamRecord<>(rollout(id)));
            }
            Harnesses.runMailsUntil(h, () -> Harnesses.values(h).size() >= 1);
            List<DeadLetterEvent> dead =
                    h.getSideOutput(LearnerSinkOperator.REJECTED).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(dead).hasSize(4).allMatch(d -> d.code().equals("learner-rejected"));
            assertThat(dead.get(0).reason()).contains("injected refusal").contains("bad");
            assertThat(dead).extracting(DeadLetterEvent::raw).anyMatch(r -> r.startsWith("bad "));
            LearnerStepEvent step = Harnesses.values(h).get(0);
            assertThat(step.id().policyVersion()).isEqualTo(1L);
            assertThat(service.ledger())
                    .extracting(LedgerEntry::rolloutId)
                    .containsExactlyInAnyOrder("y0", "y1", "y2", "y3");
            // accounting: every received rollout is trained or rejected; none stays buffered
            assertThat(step.progress().bufferSize()).isZero();
            assertThat(step.progress().received()).isEqualTo(8);
        }
    }
}
