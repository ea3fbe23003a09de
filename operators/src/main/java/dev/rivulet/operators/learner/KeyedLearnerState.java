package dev.rivulet.operators.learner;

import dev.rivulet.algo.replay.BufferEntry;
import dev.rivulet.protocol.ScoredRollout;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;

/** {@link LearnerState} and {@link BufferStore} over the LearnerSink's keyed states (RocksDB). */
final class KeyedLearnerState implements LearnerState, BufferStore {

    private final ValueState<LearnerMeta> meta;
    private final ValueState<PendingBatch> pending;
    private final MapState<String, BufferEntry> entries;
    private final MapState<String, ScoredRollout> rollouts;

    KeyedLearnerState(
            ValueState<LearnerMeta> meta,
            ValueState<PendingBatch> pending,
            MapState<String, BufferEntry> entries,
            MapState<String, ScoredRollout> rollouts) {
        this.meta = meta;
        this.pending = pending;
        this.entries = entries;
        this.rollouts = rollouts;
    }

    @Override
    public LearnerMeta meta() throws Exception {
        return meta.value();
    }

    @Override
    public void meta(LearnerMeta m) throws Exception {
        meta.update(m);
    }

    @Override
    public PendingBatch pending() throws Exception {
        return pending.value();
    }

    @Override
    public void pending(PendingBatch p) throws Exception {
        if (p == null) {
            pending.clear();
        } else {
            pending.update(p);
        }
    }

    @Override
    public Iterable<BufferEntry> entries() throws Exception {
        return entries.values();
    }

    @Override
    public void putEntry(BufferEntry e) throws Exception {
        entries.put(e.rolloutId(), e);
    }

    @Override
    public ScoredRollout rollout(String id) throws Exception {
        return rollouts.get(id);
    }

    @Override
    public void putRollout(String id, ScoredRollout r) throws Exception {
        rollouts.put(id, r);
    }

    @Override
    public void remove(String id) throws Exception {
        entries.remove(id);
        rollouts.remove(id);
    }
}
