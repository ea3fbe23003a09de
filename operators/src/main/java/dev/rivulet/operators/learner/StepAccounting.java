package dev.rivulet.operators.learner;

import dev.rivulet.operators.telemetry.LearnerStepEvent;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.TrainResult;
import java.util.List;

/**
 * Forms a learner's batches and accounts for their results: the {@link LearnerMeta} counters after
 * each change to the buffer, the batch sent for a selection, and the one mapping from the server's
 * {@link TrainResult} to the {@link LearnerStepEvent} of an acknowledged step.
 */
final class StepAccounting {

    /**
     * An acknowledged step.
     *
     * @param meta the learner's counters after it
     * @param event its telemetry
     */
    record Step(LearnerMeta meta, LearnerStepEvent event) {}

    private final boolean normalizeAdvantages;

    StepAccounting(boolean normalizeAdvantages) {
        this.normalizeAdvantages = normalizeAdvantages;
    }

    /** The counters after a new rollout entered the buffer. */
    static LearnerMeta buffered(LearnerMeta m) {
        return with(m, m.nextSequence() + 1, m.nextBatch(), m.buffered() + 1);
    }

    /** The counters after the buffer dropped what {@code draw} reports as stale or exhausted. */
    static LearnerMeta pruned(LearnerMeta m, ReplayBuffer.Draw draw) {
        return m.withRemoved(draw.stale(), 0, draw.exhausted());
    }

    /** The counters once {@code m}'s next batch went out. */
    static LearnerMeta sent(LearnerMeta m) {
        return with(m, m.nextSequence(), m.nextBatch() + 1, m.buffered());
    }

    /** The counters after the server refused a batch whose {@code removed} rollouts left. */
    static LearnerMeta refused(LearnerMeta m, long removed) {
        return m.withRemoved(0, removed, 0);
    }

    /**
     * The batch for {@code draw}'s rows: its id is unique on the server's surviving history
     * (versions only grow along it, and a rollback to v forgets every batch applied on top of v),
     * and it names the version it expects the server at.
     */
    PendingBatch form(int learner, LearnerMeta m, ReplayBuffer.Draw draw, long nowMillis) {
        String batchId = "L" + learner + "-v" + m.policyVersion() + "-b" + m.nextBatch();
        TrainBatch batch =
                new TrainBatch(batchId, draw.rows(), normalizeAdvantages)
                        .withBaseVersion(m.policyVersion());
        return new PendingBatch(batch, draw.lastUse(), nowMillis);
    }

    /**
     * Fails when the server's answer is not the version after {@code before}'s: the server moved
     * under the learner, and only a restore (which rolls it back) can make state and weights agree.
     */
    static void requireNext(int learner, PendingBatch p, LearnerMeta before, TrainResult result) {
        if (result.policyVersion() != before.policyVersion() + 1) {
            throw new ServerVersionMismatchException(
                    "learner "
                            + learner
                            + ": batch "
                            + p.batch().batchId()
                            + " made server version "
                            + result.policyVersion()
                            + " but the state expects "
                            + (before.policyVersion() + 1)
                            + "; failing the task so that Flink restores and the server is rolled"
                            + " back");
        }
    }

    /**
     * The step that {@code result} acknowledges for batch {@code p}, after {@code evicted} of its
     * rollouts left the buffer at their last use.
     *
     * @param wallMillis wall-clock time of the event
     * @param nowMillis the time base of {@link PendingBatch#sentAtMillis()}
     */
    static Step accept(
            LearnerMeta before,
            PendingBatch p,
            TrainResult result,
            long evicted,
            long wallMillis,
            long nowMillis) {
        List<ScoredRollout> rows = p.batch().rows();
        int n = rows.size();
        LearnerMeta m =
                new LearnerMeta(
                        before.nextSequence(),
                        before.nextBatch(),
                        result.policyVersion(),
                        before.trained() + n,
                        before.droppedStale(),
                        before.buffered() - evicted,
                        before.batches() + 1,
                        before.rejected());
        LearnerStepEvent event =
                new LearnerStepEvent(
                        new LearnerStepEvent.Id(
                                wallMillis, p.batch().batchId(), result.policyVersion()),
                        new LearnerStepEvent.Losses(
                                result.loss(),
                                result.klBehaviour(),
                                result.entropy(),
                                result.clipFraction(),
                                result.gradNorm()),
                        figures(rows, before.policyVersion(), result.tokens()),
                        new LearnerStepEvent.Progress(
                                m.buffered(),
                                m.droppedStale(),
                                nowMillis - p.sentAtMillis(),
                                result.duplicate(),
                                m.nextSequence(),
                                m.rejected()));
        return new Step(m, event);
    }

    /**
     * Figures of a batch trained at {@code version}: advantages, staleness and rewards (a batch
     * holds at least one rollout).
     */
    private static LearnerStepEvent.Batch figures(
            List<ScoredRollout> rows, long version, int tokens) {
        int n = rows.size();
        long nonZero = 0;
        double stale = 0;
        long staleMax = 0;
        double reward = 0;
        for (ScoredRollout r : rows) {
            if (Math.abs(r.advantage()) > 1e-12) {
                nonZero++;
            }
            long lag = Math.max(0, version - r.policyVersion());
            stale += lag;
            staleMax = Math.max(staleMax, lag);
            reward += r.reward();
        }
        return new LearnerStepEvent.Batch(
                n, tokens, (double) nonZero / n, stale / n, staleMax, reward / n);
    }

    private static LearnerMeta with(LearnerMeta m, long nextSeq, long nextBatch, long buffered) {
        return new LearnerMeta(
                nextSeq,
                nextBatch,
                m.policyVersion(),
                m.trained(),
                m.droppedStale(),
                buffered,
                m.batches(),
                m.rejected());
    }
}
