package dev.rivulet.algo.replay;

import java.util.Collection;

/** Decides what the learner trains on next from the buffer's metadata; never mutates it. */
public interface ReplayPolicy {

    /**
     * Chooses up to {@code batchSize} rollouts to train on, and which entries to drop.
     *
     * @param entries the buffer's entries in any order
     * @param currentVersion the policy version the next batch will be trained on
     * @param batchSize the micro-batch size wanted
     */
    ReplayDecision decide(Collection<BufferEntry> entries, long currentVersion, int batchSize);

    /**
     * {@link #decide(Collection, long, int)} for a draw made while rows may still be arriving: with
     * {@code newestGroupOpen} a policy that keeps groups together leaves out the group of the
     * newest entry, whose other rows may not have reached the buffer yet. Policies that do not keep
     * groups ignore the flag.
     */
    default ReplayDecision decide(
            Collection<BufferEntry> entries,
            long currentVersion,
            int batchSize,
            boolean newestGroupOpen) {
        return decide(entries, currentVersion, batchSize);
    }
}
