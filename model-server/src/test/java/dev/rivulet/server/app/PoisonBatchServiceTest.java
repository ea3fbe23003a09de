package dev.rivulet.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.testing.DeterministicPolicyService;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chaos fault: the N-th distinct train batch fails on every attempt, nothing else does. */
class PoisonBatchServiceTest {

    private static TrainBatch batch(String id) {
        ScoredRollout r =
                new ScoredRollout(
                        id + "-r",
                        "p",
                        "arith",
                        1,
                        new int[] {1},
                        new int[] {2},
                        new float[] {-0.5f},
                        1,
                        0.5,
                        0);
        return new TrainBatch(id, List.of(r), false);
    }

    @Test
    void theSecondDistinctBatchFailsOnEveryAttemptAndTheOthersTrain() {
        PoisonBatchService s = new PoisonBatchService(new DeterministicPolicyService(), 2);
        assertThat(s.train(batch("a")).batchId()).isEqualTo("a");
        assertThat(s.train(batch("a")).batchId()).as("a retry is not a new batch").isEqualTo("a");
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThatThrownBy(() -> s.train(batch("b")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("injected fault (--fault-poison-batch 2)")
                    .hasMessageContaining("train batch b");
        }
        assertThat(s.train(batch("c")).batchId()).isEqualTo("c");
        assertThatThrownBy(() -> new PoisonBatchService(new DeterministicPolicyService(), 0))
                .hasMessageContaining("must be >= 1");
    }
}
