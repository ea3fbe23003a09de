package dev.rivulet.operators.learner;

import static dev.rivulet.operators.learner.MapLearnerState.rollout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.algo.replay.BufferEntry;
import dev.rivulet.algo.replay.ReplayPolicies;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.TrainBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The replay buffer over plain maps: FIFO, staleness 1, two uses, batches of 4 (at least 2). */
class ReplayBufferTest {

    private final MapLearnerState store = new MapLearnerState();
    private int current;
    private final ReplayBuffer buffer = buffer(new BufferIndex(store, () -> current));

    private static ReplayBuffer buffer(BufferIndex index) {
        return new ReplayBuffer(
                ReplayPolicies.registry()
                        .create(
                                "fifo",
                                StrategyOptions.of(Map.of("max-staleness", "1", "max-reuse", "2"))),
                index,
                4,
                2);
    }

    private void addAll(List<ScoredRollout> rollouts) throws Exception {
        long seq = store.entries.size();
        for (ScoredRollout r : rollouts) {
            buffer.add(0, r, seq++);
        }
    }

    private static PendingBatch pending(ReplayBuffer.Draw draw) {
        return new PendingBatch(new TrainBatch("b", draw.rows(), false), draw.lastUse(), 0);
    }

    @Test
    void aRolloutIsBufferedOnce() throws Exception {
        assertThat(buffer.add(0, rollout("a", 0, 1), 0)).isTrue();
        assertThat(buffer.add(0, rollout("a", 0, 1), 1)).isFalse();
        assertThat(store.entries).containsOnlyKeys("a");
        assertThat(store.entries.get("a").sequence()).isZero();
    }

    @Test
    void aBatchGoesOutWhenFullOrPartialAfterTheWait() throws Exception {
        addAll(MapLearnerState.rollouts("r", 3, 0));
        ReplayBuffer.Draw notYet = buffer.next(0, 0, false);
        assertThat(notYet.ready()).isFalse();
        assertThat(notYet.rows()).isEmpty();
        ReplayBuffer.Draw partial = buffer.next(0, 0, true);
        assertThat(partial.ready()).isTrue();
        assertThat(partial.rows())
                .extracting(ScoredRollout::rolloutId)
                .containsExactly("r0", "r1", "r2");
        addAll(List.of(rollout("r3", 0, 1)));
        assertThat(buffer.next(0, 0, false).rows()).hasSize(4);
        assertThat(store.entries).as("drawing removes nothing").hasSize(4);
    }

    @Test
    void staleRolloutsAreDroppedAndCounted() throws Exception {
        addAll(MapLearnerState.rollouts("old", 2, 0));
        addAll(MapLearnerState.rollouts("new", 2, 2));
        ReplayBuffer.Draw draw = buffer.next(0, 2, true);
        assertThat(draw.stale()).isEqualTo(2);
        assertThat(draw.exhausted()).isZero();
        assertThat(draw.rows())
                .extracting(ScoredRollout::rolloutId)
                .containsExactly("new0", "new1");
        assertThat(store.entries).containsOnlyKeys("new0", "new1");
        assertThat(store.rollouts).containsOnlyKeys("new0", "new1");
    }

    @Test
    void aRolloutIsTrainedUnderOneIdPerUseAndLeavesAfterItsLastUse() throws Exception {
        addAll(MapLearnerState.rollouts("r", 4, 0));
        ReplayBuffer.Draw first = buffer.next(0, 0, false);
        assertThat(first.lastUse()).isEmpty();
        assertThat(buffer.acknowledge(0, pending(first))).isZero();
        assertThat(store.entries.values()).extracting(BufferEntry::timesUsed).containsOnly(1);

        ReplayBuffer.Draw second = buffer.next(0, 1, false);
        assertThat(second.rows())
                .extracting(ScoredRollout::rolloutId)
                .containsExactly("r0#u2", "r1#u2", "r2#u2", "r3#u2");
        assertThat(second.lastUse()).containsExactly("r0", "r1", "r2", "r3");
        assertThat(buffer.acknowledge(0, pending(second))).isEqualTo(4);
        assertThat(store.entries).isEmpty();
        assertThat(store.rollouts).isEmpty();
    }

    @Test
    void aRejectedBatchLeavesTheBuffer() throws Exception {
        addAll(MapLearnerState.rollouts("r", 4, 0));
        List<ScoredRollout> rows = new ArrayList<>(buffer.next(0, 0, false).rows());
        rows.add(rollout("ghost", 0, 1)); // not buffered: not counted
        PendingBatch p = new PendingBatch(new TrainBatch("b", rows, false), List.of(), 0);
        assertThat(buffer.reject(0, p)).isEqualTo(4);
        assertThat(store.entries).isEmpty();
    }

    @Test
    void aRestoredBufferIsReadInInsertionOrder() throws Exception {
        for (String id : List.of("c", "a", "b")) {
            store.putRollout(id, rollout(id, 0, 1));
        }
        store.putEntry(new BufferEntry("c", 0, 0, 1, 7));
        store.putEntry(new BufferEntry("a", 0, 0, 1, 2));
        store.putEntry(new BufferEntry("b", 0, 0, 1, 5));
        BufferIndex restored = new BufferIndex(store, () -> current);
        assertThat(restored.entries(0))
                .extracting(BufferEntry::rolloutId)
                .containsExactly("a", "b", "c");
        assertThat(buffer(restored).next(0, 0, true).rows())
                .extracting(ScoredRollout::rolloutId)
                .containsExactly("a", "b", "c");
    }

    @Test
    void theBufferOfAnotherLearnerThanTheCurrentKeyIsRefused() {
        current = 1;
        assertThatThrownBy(() -> buffer.add(0, rollout("a", 0, 1), 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("current key is 1");
    }
}
