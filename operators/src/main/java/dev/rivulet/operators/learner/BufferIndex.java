package dev.rivulet.operators.learner;

import dev.rivulet.algo.replay.BufferEntry;
import dev.rivulet.protocol.ScoredRollout;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The replay buffer of the learners of one subtask: the rollouts and their {@link BufferEntry}
 * bookkeeping in a {@link BufferStore} (keyed state in RocksDB, what checkpoints and restores
 * carry) with the entries mirrored in memory per learner.
 *
 * <p>Why the mirror: the replay policy looks at every buffered entry before each batch, and reading
 * them from RocksDB (an iterator plus a POJO deserialisation per entry) was the LearnerSink's
 * largest cost in the pipeline benchmark, growing with the buffer. The mirror is filled from state
 * the first time a learner is touched after a restore and then kept in step by every change made
 * through this class; the store stays the source of truth. Every method works on the store's
 * current learner, which must be the learner passed in.
 */
final class BufferIndex {

    private final BufferStore store;
    private final IntSupplier currentLearner;
    private final Map<Integer, LinkedHashMap<String, BufferEntry>> mirror = new HashMap<>();

    BufferIndex(BufferStore store, IntSupplier currentLearner) {
        this.store = store;
        this.currentLearner = currentLearner;
    }

    /** The learner's buffered entries, in insertion order (a live view: copy before changing). */
    Collection<BufferEntry> entries(int learner) throws Exception {
        return of(learner).values();
    }

    boolean contains(int learner, String id) throws Exception {
        return of(learner).containsKey(id);
    }

    BufferEntry entry(int learner, String id) throws Exception {
        return of(learner).get(id);
    }

    /** The buffered rollout itself (read from the store: rollouts are not mirrored). */
    ScoredRollout rollout(int learner, String id) throws Exception {
        check(learner);
        return store.rollout(id);
    }

    /** Adds a rollout with its entry. */
    void add(int learner, BufferEntry e, ScoredRollout r) throws Exception {
        Map<String, BufferEntry> m = of(learner);
        store.putEntry(e);
        store.putRollout(e.rolloutId(), r);
        m.put(e.rolloutId(), e);
    }

    /** Replaces the entry of a buffered rollout (after a use). */
    void update(int learner, BufferEntry e) throws Exception {
        Map<String, BufferEntry> m = of(learner);
        store.putEntry(e);
        m.put(e.rolloutId(), e);
    }

    /** Removes a rollout and its entry; true when it was buffered. */
    boolean remove(int learner, String id) throws Exception {
        Map<String, BufferEntry> m = of(learner);
        if (m.remove(id) == null) {
            return false;
        }
        store.remove(id);
        return true;
    }

    private LinkedHashMap<String, BufferEntry> of(int learner) throws Exception {
        check(learner);
        LinkedHashMap<String, BufferEntry> m = mirror.get(learner);
        if (m == null) {
            m = new LinkedHashMap<>();
            List<BufferEntry> restored = new ArrayList<>();
            for (BufferEntry e : store.entries()) {
                restored.add(e);
            }
            restored.sort(Comparator.comparingLong(BufferEntry::sequence));
            for (BufferEntry e : restored) {
                m.put(e.rolloutId(), e);
            }
            mirror.put(learner, m);
        }
        return m;
    }

    private void check(int learner) {
        int current = currentLearner.getAsInt();
        if (current != learner) {
            throw new IllegalStateException(
                    "buffer of learner " + learner + " used while the current key is " + current);
        }
    }
}
