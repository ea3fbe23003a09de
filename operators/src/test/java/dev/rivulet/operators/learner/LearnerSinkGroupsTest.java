package dev.rivulet.operators.learner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.operators.testing.Harnesses;
import dev.rivulet.operators.testing.TestPolicyServer;
import dev.rivulet.protocol.LedgerEntry;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.testing.DeterministicPolicyService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The LearnerSink with {@code keep-groups=true} (RocksDB state, a real Flight server): batches hold
 * whole groups, and the group ids survive a snapshot and restore of the buffer.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LearnerSinkGroupsTest {

    private static LearnerConfig config(TestPolicyServer server) {
        return new LearnerConfig(
                server.endpoint(),
                "fifo",
                Map.of("max-staleness", "100", "max-reuse", "1", "keep-groups", "true"),
                4,
                2,
                1000,
                false,
                200);
    }

    private static ScoredRollout rollout(String id) {
        String group = id.substring(0, 1).toUpperCase();
        return new ScoredRollout(
                id,
                "p-" + group,
                "arith",
                1,
                new int[] {49, 43, 49, 61},
                new int[] {50},
                new float[] {-0.5f},
                1.0,
                1.0,
                0,
                group,
                new float[0],
                0);
    }

    /** The ledger's rollout ids per batch, in the order the batches were trained. */
    private static List<List<String>> batches(DeterministicPolicyService service) {
        return service.ledger().stream()
                .collect(
                        Collectors.groupingBy(
                                LedgerEntry::policyVersion,
                                java.util.TreeMap::new,
                                Collectors.mapping(LedgerEntry::rolloutId, Collectors.toList())))
                .values()
                .stream()
                .map(ids -> ids.stream().sorted().toList())
                .toList();
    }

    @Test
    void batchesHoldWholeGroupsAcrossARestore() throws Exception {
        DeterministicPolicyService service = new DeterministicPolicyService();
        try (var server = new TestPolicyServer(service)) {
            LearnerConfig config = config(server);
            OperatorSubtaskState snapshot;
            try (var first = LearnerSinkHarness.of(config)) {
                first.open();
                // groups A (3), B (2), C (1): at b0 four rows are buffered, but B may still grow;
                // c0 closes B, which does not fit next to A, so A goes alone
                for (String id : List.of("a0", "a1", "a2", "b0", "b1", "c0", "d0", "d1")) {
                    first.processElement(new StreamRecord<>(rollout(id)));
                }
                Harnesses.runMailsUntil(first, () -> Harnesses.values(first).size() >= 1);
                assertThat(Harnesses.values(first).get(0).batch().samples()).isEqualTo(3);
                // after the step B, C and D are buffered (5 rows) and D may still grow: wait
                snapshot = first.snapshot(1L, 100L);
            }
            try (var second = LearnerSinkHarness.of(config)) {
                second.initializeState(snapshot);
                second.open();
                // the wait is over: B and C go (D does not fit), then D alone
                second.setProcessingTime(2000);
                Harnesses.runMailsUntil(second, () -> Harnesses.values(second).size() >= 1);
                second.setProcessingTime(4000);
                Harnesses.runMailsUntil(second, () -> Harnesses.values(second).size() >= 2);
            }
            assertThat(batches(service))
                    .containsExactly(
                            List.of("a0", "a1", "a2"),
                            List.of("b0", "b1", "c0"),
                            List.of("d0", "d1"));
        }
    }
}
