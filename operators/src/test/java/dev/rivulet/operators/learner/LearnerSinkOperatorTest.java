package dev.rivulet.operators.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.operators.client.PolicyEndpoint;
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

/** Harness tests of the LearnerSink: batching, staleness, commit and rollback on restore. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LearnerSinkOperatorTest {

    private static LearnerConfig config(PolicyEndpoint endpoint, int maxStaleness) {
        return LearnerSinkHarness.config(endpoint, maxStaleness, 1);
    }

    private static KeyedOneInputStreamOperatorTestHarness<Integer, ScoredRollout, LearnerStepEvent>
            harness(LearnerConfig config) throws Exception {
        return LearnerSinkHarness.of(config);
    }

    private static ScoredRollout rollout(int i, long version) {
        return new ScoredRollout(
                "r" + i,
                "p" + (i / 2),
                "arith",
                1,
                new int[] {49, 43, 49, 61},
                new int[] {50},
                new float[] {-0.5f},
                i % 2,
                i % 2 == 0 ? -1.0 : 1.0,
                version);
    }

    @Test
    void trainsFullBatchesWithDeterministicIdsAndCommitsOnCheckpoint() throws Exception {
        try (var server = new TestPolicyServer(new DeterministicPolicyService());
                var h = harness(config(server.endpoint(), 4))) {
            h.open();
            for (int i = 0; i < 8; i++) {
                h.processElement(new StreamRecord<>(rollout(i, 0)));
                final int sent = i;
                // a batch goes out as soon as 4 are buffered and the learner is free
                if (sent == 3 || sent == 7) {
                    Harnesses.runMailsUntil(h, () -> Harnesses.values(h).size() >= (sent + 1) / 4);
                }
            }
            List<LearnerStepEvent> steps = Harnesses.values(h);
            assertThat(steps)
                    .extracting(s -> s.id().batchId())
                    .containsExactly("L0-v0-b0", "L0-v1-b1");
            assertThat(steps).extracting(s -> s.id().policyVersion()).containsExactly(1L, 2L);
            assertThat(steps.get(0).batch().effectiveGradientRatio()).isEqualTo(1.0);
            assertThat(server.service.ledger())
                    .extracting(LedgerEntry::rolloutId)
                    .hasSize(8)
                    .doesNotHaveDuplicates();

            h.snapshot(7L, 1000L);
            assertThat(server.recording.prepares).containsExactly(2L); // phase one, synchronous
            h.notifyOfCompletedCheckpoint(7L);
            // the commit goes out asynchronously; the server sees it shortly
            while (server.recording.commits.isEmpty()) {
                Thread.onSpinWait();
            }
            assertThat(server.recording.commits).containsExactly(2L);
        }
    }

    @Test
    void dropsRolloutsStalerThanTheBound() throws Exception {
        try (var server = new TestPolicyServer(new DeterministicPolicyService());
                var h = harness(config(server.endpoint(), 1))) {
            h.open();
            for (int i = 0; i < 4; i++) {
                h.processElement(new StreamRecord<>(rollout(i, 0)));
            }
            Harnesses.runMailsUntil(h, () -> Harnesses.values(h).size() >= 1);
            // the server is at version 1 now; rollouts of version 0 are 1 behind (allowed) ...
            for (int i = 4; i < 8; i++) {
                h.processElement(new StreamRecord<>(rollout(i, 0)));
            }
            Harnesses.runMailsUntil(h, () -> Harnesses.values(h).size() >= 2);
            // ... and at version 2 they are 2 behind: dropped, never trained
            for (int i = 8; i < 12; i++) {
                h.processElement(new StreamRecord<>(rollout(i, 0)));
            }
            h.setProcessingTime(5000);
            LearnerStepEvent last = Harnesses.values(h).get(1);
            assertThat(last.id().policyVersion()).isEqualTo(2L);
            assertThat(server.service.ledger()).hasSize(8);
            assertThat(server.recording.batchIds).hasSize(2);
        }
    }

    @Test
    void restoreRollsTheServerBackAndResendsThePendingBatchOnce() throws Exception {
        DeterministicPolicyService service =
                new DeterministicPolicyService().withDelay(Duration.ofSeconds(30));
        try (var server = new TestPolicyServer(service)) {
            LearnerConfig config = config(server.endpoint(), 4);
            var first = harness(config);
            first.open();
            for (int i = 0; i < 4; i++) {
                first.processElement(new StreamRecord<>(rollout(i, 0)));
            }
            while (server.recording.batchIds.isEmpty()) {
                Thread.onSpinWait(); // batch L0-b0 reached the server and waits there
            }
            OperatorSubtaskState snapshot = first.snapshot(1L, 100L); // pending: L0-b0, version 0
            service.releaseDelays();
            while (service.version().current() < 1) {
                Thread.onSpinWait(); // the server applied L0-b0 after the checkpoint
            }
            first.close(); // crash: the acknowledgement never reaches Flink state

            try (var second = harness(config)) {
                second.initializeState(snapshot);
                second.open(); // rolls back to 0, forgetting L0-b0, and re-sends it
                Harnesses.runMailsUntil(second, () -> Harnesses.values(second).size() >= 1);
                // the first attempt's fresh start and the restore each roll back (new lineage)
                assertThat(server.recording.rollbacks).containsExactly(0L, 0L);
                assertThat(server.recording.batchIds).containsExactly("L0-v0-b0", "L0-v0-b0");
                assertThat(Harnesses.values(second).get(0).id().policyVersion()).isEqualTo(1L);
                List<LedgerEntry> ledger = service.ledger();
                assertThat(ledger)
                        .extracting(LedgerEntry::rolloutId)
                        .containsExactlyInAnyOrder("r0", "r1", "r2", "r3");
            }
        }
    }

    @Test
    void rolloutsBufferedAtACheckpointAreTrainedAfterTheRestore() throws Exception {
        try (var server = new TestPolicyServer(new DeterministicPolicyService())) {
            LearnerConfig config = config(server.endpoint(), 4);
            OperatorSubtaskState snapshot;
            try (var first = harness(config)) {
                first.open();
                for (int i = 0; i < 3; i++) {
                    first.processElement(new StreamRecord<>(rollout(i, 0))); // below a batch
                }
                snapshot = first.snapshot(1L, 100L);
            }
            assertThat(server.recording.batchIds).isEmpty();
            try (var second = harness(config)) {
                second.initializeState(snapshot);
                second.open();
                second.processElement(new StreamRecord<>(rollout(3, 0))); // the fourth
                Harnesses.runMailsUntil(second, () -> Harnesses.values(second).size() >= 1);
                assertThat(server.recording.batchIds).containsExactly("L0-v0-b0");
                assertThat(server.service.ledger())
                        .extracting(LedgerEntry::rolloutId)
                        .containsExactlyInAnyOrder("r0", "r1", "r2", "r3");
            }
        }
    }

    @Test
    void serverRestartedBehindTheStateFailsTheTaskAndTheRestoreRollsItForward() throws Exception {
        DeterministicPolicyService service = new DeterministicPolicyService();
        try (var server = new TestPolicyServer(service)) {
            LearnerConfig config = config(server.endpoint(), 100);
            OperatorSubtaskState snapshot;
            try (var first = harness(config)) {
                first.open();
                for (int i = 0; i < 8; i++) {
                    first.processElement(new StreamRecord<>(rollout(i, 0)));
                    final int n = i;
                    if (n == 3 || n == 7) {
                        Harnesses.runMailsUntil(
                                first, () -> Harnesses.values(first).size() >= (n + 1) / 4);
                    }
                }
                // checkpoint n: version 2 is prepared (durable); its commit never becomes durable
                snapshot = first.snapshot(1L, 100L);
                assertThat(service.durableVersions()).containsExactly(2L);
                for (int i = 8; i < 12; i++) {
                    first.processElement(new StreamRecord<>(rollout(i, 0)));
                }
                Harnesses.runMailsUntil(first, () -> Harnesses.values(first).size() >= 3);
                service.crash(); // the server comes back at its committed version 0
                for (int i = 12; i < 16; i++) {
                    first.processElement(new StreamRecord<>(rollout(i, 0)));
                }
                // the next batch expects base version 3: refused, and the task fails
                assertThatThrownBy(() -> Harnesses.runMailsUntil(first, () -> false))
                        .isInstanceOf(ServerVersionMismatchException.class)
                        .hasMessageContaining("server is at version 0")
                        .hasMessageContaining("expects version 3");
                assertThat(service.version().current()).isZero();
            }
            try (var second = harness(config)) {
                second.initializeState(snapshot);
                second.open(); // rolls the server forward to the prepared version 2
                assertThat(service.version().current()).isEqualTo(2L);
                assertThat(service.ledger())
                        .extracting(LedgerEntry::rolloutId)
                        .containsExactlyInAnyOrder("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7");
                assertThat(service.digest(2).consistent()).isTrue();
            }
        }
    }
}
