package dev.rivulet.operators.learner;

import dev.rivulet.algo.replay.ReplayPolicies;
import dev.rivulet.algo.replay.ReplayPolicy;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.operators.telemetry.DeadLetterEvent;
import dev.rivulet.operators.telemetry.LearnerStepEvent;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.TrainResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subtask's learners without Flink: buffers their rollouts, decides when a batch goes out and
 * carries out the server's answers, over a {@link LearnerState} and a {@link ReplayBuffer}. Each
 * call is about the learner that is the state's current key and returns what the operator does next
 * (send a batch, arm the wait timer, emit events); the operator owns the calls and the timers.
 */
final class LearnerCore {

    private static final Logger LOG = LoggerFactory.getLogger(LearnerCore.class);

    /**
     * What the operator does next.
     *
     * @param send the batch to send now, or null
     * @param armTimer whether to arm the timer after which a partial batch may go out
     */
    record Next(PendingBatch send, boolean armTimer) {

        /** Wait for more rollouts (or the timer). */
        static final Next WAIT = new Next(null, true);

        /** Nothing: a batch is out, and its answer drives what comes next. */
        static final Next NOTHING = new Next(null, false);

        static Next send(PendingBatch p) {
            return new Next(p, false);
        }
    }

    /**
     * What the answer to a batch leads to.
     *
     * @param step the acknowledged step's event, or null
     * @param deadLetters the rollouts of a refused batch, one dead letter each (else empty)
     * @param retry true when the batch failed transiently and is to be sent again later
     * @param next what the operator does next (nothing while a retry is due)
     */
    record Answer(
            LearnerStepEvent step, List<DeadLetterEvent> deadLetters, boolean retry, Next next) {}

    private final LearnerState state;
    private final ReplayBuffer buffer;
    private final StepAccounting steps;
    private final CommitProtocol protocol;
    private final LearnerMetrics metrics = new LearnerMetrics();
    private final int batchSize;
    private final long retryMillis;
    private final int maxTrainFailures;
    private final LongSupplier processingTime;
    private final LongSupplier wallClock;

    /**
     * Learners with a batch out, mirroring the pending batch in memory: reading it (hundreds of
     * rollouts) from RocksDB on every incoming rollout only to test it for null was the
     * LearnerSink's largest cost in the pipeline benchmark.
     */
    private final Map<Integer, String> busy = new HashMap<>();

    /**
     * @param maxTrainFailures counted failures after which a batch's rollouts become dead letters
     * @param processingTime the operator's processing time (what batches are timed by)
     * @param wallClock wall-clock milliseconds (what events are stamped with)
     */
    LearnerCore(
            LearnerState state,
            ReplayBuffer buffer,
            StepAccounting steps,
            CommitProtocol protocol,
            int batchSize,
            long retryMillis,
            int maxTrainFailures,
            LongSupplier processingTime,
            LongSupplier wallClock) {
        this.state = state;
        this.buffer = buffer;
        this.steps = steps;
        this.protocol = protocol;
        this.batchSize = batchSize;
        this.retryMillis = retryMillis;
        this.maxTrainFailures = maxTrainFailures;
        this.processingTime = processingTime;
        this.wallClock = wallClock;
    }

    /**
     * The core of a LearnerSink with {@code config}, over the operator's keyed state.
     *
     * @param currentLearner the state's current key
     * @param processingTime the operator's processing time
     */
    static <S extends LearnerState & BufferStore> LearnerCore of(
            LearnerConfig config,
            S state,
            IntSupplier currentLearner,
            CommitProtocol protocol,
            LongSupplier processingTime) {
        ReplayPolicy replay =
                ReplayPolicies.registry()
                        .create(config.replay(), StrategyOptions.of(config.replayOptions()));
        return new LearnerCore(
                state,
                new ReplayBuffer(
                        replay,
                        new BufferIndex(state, currentLearner),
                        config.batchSize(),
                        config.minBatch()),
                new StepAccounting(config.normalizeAdvantages()),
                protocol,
                config.batchSize(),
                config.retryMillis(),
                config.maxTrainFailures(),
                processingTime,
                System::currentTimeMillis);
    }

    /** The values behind the LearnerSink's metrics. */
    LearnerMetrics metrics() {
        return metrics;
    }

    /**
     * A learner restored with state: the server goes back to the version the state expects, and the
     * batch pending at the checkpoint is sent again (the server forgot it in the rollback).
     */
    Next restore(int learner) throws Exception {
        LearnerMeta m = state.meta();
        protocol.restoreLearner(learner, m.policyVersion());
        metrics.restored(m);
        PendingBatch p = state.pending();
        if (p == null) {
            return Next.WAIT;
        }
        busy.put(learner, p.batch().batchId());
        LOG.info("learner {}: re-sending batch {} after restore", learner, p.batch().batchId());
        return Next.send(p);
    }

    /** Buffers a rollout (once per id); a full batch goes out when the learner is free. */
    Next add(int learner, ScoredRollout r) throws Exception {
        LearnerMeta m = meta();
        if (buffer.add(learner, r, m.nextSequence())) {
            m = StepAccounting.buffered(m);
            state.meta(m);
            metrics.buffered(m);
        }
        return !busy.containsKey(learner) && m.buffered() >= batchSize
                ? next(learner, false)
                : Next.WAIT;
    }

    /** The wait is over: a partial batch may go out, unless a batch is out already. */
    Next waited(int learner) throws Exception {
        return busy.containsKey(learner) ? Next.NOTHING : next(learner, true);
    }

    /** True when {@code p} is the learner's batch out now (not one answered before a restore). */
    boolean isOut(int learner, PendingBatch p) {
        return p.batch().batchId().equals(busy.get(learner));
    }

    /** The retry of batch {@code batchId} is due: it goes out again while it is still pending. */
    Next resend(String batchId) throws Exception {
        PendingBatch p = state.pending();
        return p != null && p.batch().batchId().equals(batchId) ? Next.send(p) : Next.NOTHING;
    }

    /** The version the learner's state expects the server at. */
    long expectedVersion() throws Exception {
        return state.meta().policyVersion();
    }

    /**
     * Carries out the server's answer to batch {@code p}, which is out now: a result is a step; a
     * refusal of the batch as invalid makes its rollouts dead letters; any other error asks for a
     * retry, except that the {@code maxTrainFailures}-th counted failure (an error other than an
     * unavailable server or a deadline) gives the batch up: its rollouts become dead letters with
     * code {@code learner-failed} and the learner goes on.
     *
     * @throws ServerVersionMismatchException when the server is not where the state expects it
     */
    Answer answer(int learner, PendingBatch p, TrainResult result, Throwable error)
            throws Exception {
        if (error == null) {
            return trained(learner, p, result);
        }
        metrics.trainFailed();
        Optional<String> refusal = RetryPolicy.refusal(error);
        if (refusal.isPresent()) {
            return new Answer(
                    null,
                    refused(learner, p, RetryPolicy.REJECTED_CODE, refusal.get()),
                    false,
                    Next.WAIT);
        }
        if (RetryPolicy.counts(error)) {
            PendingBatch failed = p.failedOnce();
            if (failed.failures() >= maxTrainFailures) {
                // a batch the server fails every time would stall the learner: give it up
                return new Answer(
                        null,
                        refused(
                                learner,
                                failed,
                                RetryPolicy.FAILED_CODE,
                                RetryPolicy.givenUp(failed.failures(), error)),
                        false,
                        Next.WAIT);
            }
            state.pending(failed);
        }
        LOG.warn(
                "learner {}: batch {} failed, checking the server's version, then retrying in {}"
                        + " ms: {}",
                learner,
                p.batch().batchId(),
                retryMillis,
                error.toString());
        return new Answer(null, List.of(), true, Next.NOTHING);
    }

    /** The server trained the batch: counts the uses, evicts the last ones, records the step. */
    private Answer trained(int learner, PendingBatch p, TrainResult result) throws Exception {
        LearnerMeta before = state.meta();
        StepAccounting.requireNext(learner, p, before, result);
        long evicted = buffer.acknowledge(learner, p);
        StepAccounting.Step step =
                StepAccounting.accept(
                        before,
                        p,
                        result,
                        evicted,
                        wallClock.getAsLong(),
                        processingTime.getAsLong());
        state.meta(step.meta());
        state.pending(null);
        busy.remove(learner);
        protocol.acknowledge(step.meta().policyVersion());
        metrics.stepped(step);
        Next next = step.meta().buffered() >= batchSize ? next(learner, false) : Next.WAIT;
        return new Answer(step.event(), List.of(), false, next);
    }

    /**
     * The server refused the batch as invalid: unless it moved (then the task fails), the batch's
     * rollouts leave the buffer and become dead letters with the server's reason, and the learner
     * goes on with the next batch instead of retrying forever.
     */
    private List<DeadLetterEvent> refused(int learner, PendingBatch p, String code, String refusal)
            throws Exception {
        long expected = expectedVersion();
        RetryPolicy.requireUnmoved(
                learner, p, refusal, protocol.serverVersion(), expected, protocol.lineage());
        LOG.error(
                "learner {}: the model server refused batch {} ({} rollouts); they go to the dead"
                        + " letters: {}",
                learner,
                p.batch().batchId(),
                p.batch().rows().size(),
                refusal);
        List<DeadLetterEvent> letters =
                RetryPolicy.deadLetters(p, code, refusal, wallClock.getAsLong());
        long removed = buffer.reject(learner, p);
        LearnerMeta m = StepAccounting.refused(state.meta(), removed);
        state.meta(m);
        state.pending(null);
        busy.remove(learner);
        metrics.refused(m, removed);
        return letters;
    }

    /** Asks the buffer for the next batch; records it as pending when it goes out. */
    private Next next(int learner, boolean allowPartial) throws Exception {
        LearnerMeta m = meta();
        ReplayBuffer.Draw draw = buffer.next(learner, m.policyVersion(), allowPartial);
        m = StepAccounting.pruned(m, draw);
        metrics.pruned(m, draw.stale());
        if (!draw.ready()) {
            state.meta(m);
            return Next.WAIT;
        }
        PendingBatch p = steps.form(learner, m, draw, processingTime.getAsLong());
        state.meta(StepAccounting.sent(m));
        state.pending(p);
        busy.put(learner, p.batch().batchId());
        return Next.send(p);
    }

    /** The learner's counters, started at the protocol's start version on its first rollout. */
    private LearnerMeta meta() throws Exception {
        LearnerMeta m = state.meta();
        if (m == null) {
            m = LearnerMeta.start(protocol.startVersion());
            state.meta(m);
            protocol.acknowledge(protocol.startVersion());
        }
        return m;
    }
}
