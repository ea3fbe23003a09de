package dev.rivulet.operators.learner;

import dev.rivulet.algo.replay.BufferEntry;
import dev.rivulet.algo.replay.ReplayDecision;
import dev.rivulet.algo.replay.ReplayPolicy;
import dev.rivulet.protocol.ScoredRollout;
import java.util.ArrayList;
import java.util.List;

/**
 * A learner's replay buffer: takes rollouts in, carries out the replay policy's decision for the
 * next batch (dropping stale and exhausted rollouts), and carries out a batch's acknowledgement
 * (one more use, eviction after the last) or refusal (the rollouts leave). Counting is left to
 * {@link StepAccounting}; the buffer reports what it removed.
 */
final class ReplayBuffer {

    /**
     * What the buffer draws for the next batch.
     *
     * @param rows the rollouts to train, each under the id of its use ({@link UseIds}); empty when
     *     there are not enough for a batch yet
     * @param lastUse ids whose use in this batch is their last
     * @param stale rollouts dropped as staler than the policy allows
     * @param exhausted rollouts evicted as used up
     */
    record Draw(List<ScoredRollout> rows, List<String> lastUse, long stale, long exhausted) {

        Draw {
            rows = List.copyOf(rows);
            lastUse = List.copyOf(lastUse);
        }

        /** True when the rows make a batch to send. */
        boolean ready() {
            return !rows.isEmpty();
        }
    }

    private final ReplayPolicy policy;
    private final BufferIndex index;
    private final int batchSize;
    private final int minBatch;

    ReplayBuffer(ReplayPolicy policy, BufferIndex index, int batchSize, int minBatch) {
        this.policy = policy;
        this.index = index;
        this.batchSize = batchSize;
        this.minBatch = minBatch;
    }

    /** Buffers {@code r} with insertion number {@code sequence}; false when it is already in. */
    boolean add(int learner, ScoredRollout r, long sequence) throws Exception {
        if (index.contains(learner, r.rolloutId())) {
            return false;
        }
        index.add(
                learner,
                new BufferEntry(
                        r.rolloutId(),
                        r.policyVersion(),
                        0,
                        r.advantage(),
                        sequence,
                        r.groupId(),
                        r.groupSize()),
                r);
        return true;
    }

    /**
     * Asks the policy for the batch to train at {@code version}, drops what it found stale or
     * exhausted, and returns the batch's rows when it is full, or when {@code allowPartial} and it
     * holds at least the smallest partial batch.
     *
     * <p>A draw that is not {@code allowPartial} comes right after a rollout arrived (or a step),
     * while the rest of the newest rollout's group may still be on its way: a policy that keeps
     * groups together leaves that group out. The partial draw after the wait takes it.
     */
    Draw next(int learner, long version, boolean allowPartial) throws Exception {
        // the policy reads the buffer in place (no copy: it can hold many batches) and changes
        // nothing; the removals below come after its decision
        ReplayDecision d = policy.decide(index.entries(learner), version, batchSize, !allowPartial);
        for (String id : d.stale()) {
            index.remove(learner, id);
        }
        for (String id : d.exhausted()) {
            index.remove(learner, id);
        }
        boolean enough = d.full() || (allowPartial && d.train().size() >= minBatch);
        if (!enough) {
            return new Draw(List.of(), List.of(), d.stale().size(), d.exhausted().size());
        }
        List<ScoredRollout> rows = new ArrayList<>(d.train().size());
        for (String id : d.train()) {
            rows.add(
                    UseIds.forUse(
                            index.rollout(learner, id), index.entry(learner, id).timesUsed()));
        }
        return new Draw(rows, d.lastUse(), d.stale().size(), d.exhausted().size());
    }

    /**
     * The batch was trained: each of its rollouts still buffered counts one more use, and those at
     * their last use leave. Returns how many left.
     */
    long acknowledge(int learner, PendingBatch p) throws Exception {
        for (ScoredRollout r : p.batch().rows()) {
            String id = UseIds.base(r.rolloutId());
            BufferEntry e = index.entry(learner, id);
            if (e != null) {
                index.update(learner, e.used());
            }
        }
        long evicted = 0;
        for (String id : p.lastUse()) {
            if (index.remove(learner, id)) {
                evicted++;
            }
        }
        return evicted;
    }

    /** The server refused the batch: its rollouts leave. Returns how many were buffered. */
    long reject(int learner, PendingBatch p) throws Exception {
        long removed = 0;
        for (ScoredRollout r : p.batch().rows()) {
            if (index.remove(learner, UseIds.base(r.rolloutId()))) {
                removed++;
            }
        }
        return removed;
    }
}
