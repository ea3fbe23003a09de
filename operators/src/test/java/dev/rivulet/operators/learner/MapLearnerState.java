package dev.rivulet.operators.learner;

import dev.rivulet.algo.replay.BufferEntry;
import dev.rivulet.protocol.ScoredRollout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One learner's state in plain maps, for tests of the Flink-free learner classes. */
final class MapLearnerState implements LearnerState, BufferStore {

    final Map<String, BufferEntry> entries = new HashMap<>();
    final Map<String, ScoredRollout> rollouts = new HashMap<>();
    LearnerMeta meta;
    PendingBatch pending;

    @Override
    public LearnerMeta meta() {
        return meta;
    }

    @Override
    public void meta(LearnerMeta m) {
        meta = m;
    }

    @Override
    public PendingBatch pending() {
        return pending;
    }

    @Override
    public void pending(PendingBatch p) {
        pending = p;
    }

    @Override
    public Iterable<BufferEntry> entries() {
        return new ArrayList<>(entries.values());
    }

    @Override
    public void putEntry(BufferEntry e) {
        entries.put(e.rolloutId(), e);
    }

    @Override
    public ScoredRollout rollout(String id) {
        return rollouts.get(id);
    }

    @Override
    public void putRollout(String id, ScoredRollout r) {
        rollouts.put(id, r);
    }

    @Override
    public void remove(String id) {
        entries.remove(id);
        rollouts.remove(id);
    }

    /** A rollout of prompt {@code p-<id>} with reward 1 made by {@code version}. */
    static ScoredRollout rollout(String id, long version, double advantage) {
        return new ScoredRollout(
                id,
                "p-" + id,
                "arith",
                1,
                new int[] {49, 43},
                new int[] {50},
                new float[] {-0.5f},
                1.0,
                advantage,
                version);
    }

    /** Rollouts {@code <prefix>0..<prefix>(n-1)} made by {@code version}, advantage 1. */
    static List<ScoredRollout> rollouts(String prefix, int n, long version) {
        List<ScoredRollout> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(rollout(prefix + i, version, 1.0));
        }
        return out;
    }
}
