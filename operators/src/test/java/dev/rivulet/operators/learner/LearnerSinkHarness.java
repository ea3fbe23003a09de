package dev.rivulet.operators.learner;

import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.operators.telemetry.LearnerStepEvent;
import dev.rivulet.protocol.ScoredRollout;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** Shared set-up of the LearnerSink harness tests: one learner key, RocksDB state. */
final class LearnerSinkHarness {

    private LearnerSinkHarness() {}

    /** FIFO replay, batches of 4 (at least 2 after a wait of 1 s), retries after 200 ms. */
    static LearnerConfig config(PolicyEndpoint endpoint, int maxStaleness, int maxReuse) {
        return new LearnerConfig(
                endpoint,
                "fifo",
                Map.of(
                        "max-staleness",
                        Integer.toString(maxStaleness),
                        "max-reuse",
                        Integer.toString(maxReuse)),
                4,
                2,
                1000,
                false,
                200);
    }

    static KeyedOneInputStreamOperatorTestHarness<Integer, ScoredRollout, LearnerStepEvent> of(
            LearnerConfig config) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<
                        Integer, ScoredRollout, LearnerStepEvent>(
                        new LearnerSinkOperatorFactory(config), r -> 0, Types.INT);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }
}
