package dev.rivulet.operators.learner;

import dev.rivulet.algo.replay.BufferEntry;
import dev.rivulet.protocol.ScoredRollout;

/**
 * Where the current learner's buffered rollouts and their entries are kept: the operator's keyed
 * map states ({@link KeyedLearnerState}), or plain maps in tests. Every call is about the learner
 * that is the current key.
 */
interface BufferStore {

    /** The learner's entries, in any order. */
    Iterable<BufferEntry> entries() throws Exception;

    /** Stores (or replaces) an entry under its rollout id. */
    void putEntry(BufferEntry e) throws Exception;

    /** The buffered rollout with this id, or null. */
    ScoredRollout rollout(String id) throws Exception;

    /** Stores a rollout under its id. */
    void putRollout(String id, ScoredRollout r) throws Exception;

    /** Removes the entry and the rollout with this id. */
    void remove(String id) throws Exception;
}
