package dev.rivulet.operators.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.algo.replay.ReplayPolicies;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.operators.telemetry.DeadLetterEvent;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.TrainResult;
import dev.rivulet.protocol.error.PolicyDeadlineException;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.protocol.error.PolicyServerException;
import dev.rivulet.protocol.error.PolicyUnavailableException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The learner without Flink: when batches go out and what the server's answers lead to. */
class LearnerCoreTest {

    private final MapLearnerState state = new MapLearnerState();
    private final FakeCommitServer server = new FakeCommitServer(0, 0);
    private final CommitProtocol protocol =
            new CommitProtocol(server, new RetryPolicy(200, () -> 0, ms -> {}), 100, -1);
    private long processingTime = 1000;
    private LearnerCore core;

    @BeforeEach
    void start() throws Exception {
        protocol.startWithoutLearners(false);
        core = core();
    }

    private LearnerCore core() {
        ReplayBuffer buffer =
                new ReplayBuffer(
                        ReplayPolicies.registry()
                                .create(
                                        "fifo",
                                        StrategyOptions.of(
                                                Map.of("max-staleness", "4", "max-reuse", "1"))),
                        new BufferIndex(state, () -> 0),
                        4,
                        2);
        return new LearnerCore(
                state,
                buffer,
                new StepAccounting(false),
                protocol,
                4,
                200,
                3,
                () -> processingTime,
                () -> 77);
    }

    private PendingBatch fill(String prefix) throws Exception {
        LearnerCore.Next next = LearnerCore.Next.WAIT;
        for (ScoredRollout r : MapLearnerState.rollouts(prefix, 4, 0)) {
            assertThat(next.send()).as("nothing goes out before the fourth").isNull();
            next = core.add(0, r);
        }
        assertThat(next.send()).isNotNull();
        return next.send();
    }

    private static TrainResult result(PendingBatch p, long version) {
        return new TrainResult(p.batch().batchId(), version, 0.5, 0, 1, 0, 1, 8, 4, false);
    }

    @Test
    void aFullBatchGoesOutOnceAndTheLearnerWaitsForItsAnswer() throws Exception {
        PendingBatch p = fill("r");
        assertThat(p.batch().batchId()).isEqualTo("L0-v0-b0");
        assertThat(state.pending).isEqualTo(p);
        assertThat(core.isOut(0, p)).isTrue();
        for (ScoredRollout r : MapLearnerState.rollouts("s", 4, 0)) {
            assertThat(core.add(0, r)).isEqualTo(LearnerCore.Next.WAIT);
        }
        assertThat(core.waited(0)).isEqualTo(LearnerCore.Next.NOTHING);
    }

    @Test
    void anAcknowledgedBatchIsAStepAndAFullBufferSendsTheNext() throws Exception {
        PendingBatch p = fill("r");
        for (ScoredRollout r : MapLearnerState.rollouts("s", 4, 0)) {
            core.add(0, r);
        }
        processingTime = 1250;
        LearnerCore.Answer answer = core.answer(0, p, result(p, 1), null);
        assertThat(answer.retry()).isFalse();
        assertThat(answer.deadLetters()).isEmpty();
        assertThat(answer.step().id().policyVersion()).isEqualTo(1L);
        assertThat(answer.step().id().ts()).isEqualTo(77L);
        assertThat(answer.step().progress().trainMillis()).isEqualTo(250L);
        assertThat(answer.step().progress().received()).isEqualTo(8L);
        assertThat(answer.next().send().batch().batchId()).isEqualTo("L0-v1-b1");
        assertThat(protocol.acknowledged()).isEqualTo(1L);
        assertThat(core.metrics().trained()).isEqualTo(4L);
        assertThat(state.meta.buffered()).isEqualTo(4L);
    }

    @Test
    void aRefusedBatchBecomesOneDeadLetterPerRolloutAndTheLearnerGoesOn() throws Exception {
        PendingBatch p = fill("r");
        LearnerCore.Answer answer =
                core.answer(
                        0,
                        p,
                        null,
                        new CompletionException(new PolicyInvalidRequestException("bad r2")));
        assertThat(answer.step()).isNull();
        assertThat(answer.retry()).isFalse();
        assertThat(answer.next()).isEqualTo(LearnerCore.Next.WAIT);
        assertThat(answer.deadLetters())
                .extracting(DeadLetterEvent::raw)
                .containsExactly("r0 p-r0", "r1 p-r1", "r2 p-r2", "r3 p-r3");
        assertThat(answer.deadLetters())
                .allMatch(d -> d.reason().equals("learner-rejected: bad r2"));
        assertThat(state.entries).isEmpty();
        assertThat(state.pending).isNull();
        assertThat(state.meta.rejected()).isEqualTo(4L);
        assertThat(core.metrics().rejected()).isEqualTo(4L);
        assertThat(core.isOut(0, p)).isFalse();
        assertThat(fill("s").batch().batchId()).isEqualTo("L0-v0-b1");
    }

    @Test
    void aRefusalFromAServerThatMovedFailsTheTask() throws Exception {
        PendingBatch p = fill("r");
        server.current = 5; // restarted or rolled back by someone else
        assertThatThrownBy(
                        () ->
                                core.answer(
                                        0,
                                        p,
                                        null,
                                        new PolicyInvalidRequestException("base version")))
                .isInstanceOf(ServerVersionMismatchException.class);
        assertThat(state.pending).isEqualTo(p);
    }

    @Test
    void aTransientErrorIsRetriedWithTheSameBatch() throws Exception {
        PendingBatch p = fill("r");
        LearnerCore.Answer answer =
                core.answer(
                        0, p, null, new CompletionException(new PolicyUnavailableException("x")));
        assertThat(answer.retry()).isTrue();
        assertThat(answer.next()).isEqualTo(LearnerCore.Next.NOTHING);
        assertThat(answer.deadLetters()).isEmpty();
        assertThat(core.expectedVersion()).isZero();
        assertThat(core.isOut(0, p)).isTrue();
        assertThat(core.resend(p.batch().batchId()).send()).isEqualTo(p);
        assertThat(core.resend("L0-v0-b9")).isEqualTo(LearnerCore.Next.NOTHING);
    }

    @Test
    void aBatchTheServerFailsEveryTimeIsGivenUpAtTheLimitAndTheLearnerGoesOn() throws Exception {
        PendingBatch p = fill("r");
        var nan = new CompletionException(new PolicyServerException("gradient norm is NaN"));
        for (int failure = 1; failure < 3; failure++) {
            LearnerCore.Answer answer = core.answer(0, p, null, nan);
            assertThat(answer.retry()).as("failure %d is retried", failure).isTrue();
            assertThat(answer.deadLetters()).isEmpty();
            p = core.resend(p.batch().batchId()).send();
            assertThat(p.failures()).isEqualTo(failure);
        }
        LearnerCore.Answer last = core.answer(0, p, null, nan);
        assertThat(last.retry()).isFalse();
        assertThat(last.next()).isEqualTo(LearnerCore.Next.WAIT);
        assertThat(last.deadLetters())
                .extracting(DeadLetterEvent::raw)
                .containsExactly("r0 p-r0", "r1 p-r1", "r2 p-r2", "r3 p-r3");
        assertThat(last.deadLetters())
                .allMatch(d -> d.code().equals("learner-failed"))
                .allMatch(
                        d ->
                                d.reason()
                                        .equals(
                                                "learner-failed: failed 3 times, last:"
                                                        + " PolicyServerException: gradient norm"
                                                        + " is NaN"));
        assertThat(state.pending).isNull();
        assertThat(state.entries).isEmpty();
        assertThat(core.metrics().rejected()).isEqualTo(4L);
        assertThat(core.metrics().trainErrors()).isEqualTo(3L);
        assertThat(fill("s").batch().batchId()).isEqualTo("L0-v0-b1");
    }

    @Test
    void anUnavailableServerOrADeadlineNeverCountsTowardsTheLimit() throws Exception {
        PendingBatch p = fill("r");
        for (int i = 0; i < 10; i++) {
            Throwable e =
                    i % 2 == 0
                            ? new PolicyUnavailableException("restarting")
                            : new PolicyDeadlineException("slow");
            LearnerCore.Answer answer = core.answer(0, p, null, new CompletionException(e));
            assertThat(answer.retry()).isTrue();
            p = core.resend(p.batch().batchId()).send();
            assertThat(p.failures()).isZero();
        }
        assertThat(core.metrics().trainErrors())
                .as("every failed call counts as a train error, limit or not")
                .isEqualTo(10L);
        assertThat(core.metrics().rejected()).isZero();
    }

    @Test
    void anAnswerAtAnUnexpectedVersionFailsTheTask() throws Exception {
        PendingBatch p = fill("r");
        assertThatThrownBy(() -> core.answer(0, p, result(p, 3), null))
                .isInstanceOf(ServerVersionMismatchException.class);
    }

    @Test
    void aRestoredLearnerResendsItsPendingBatchAfterTheRollback() throws Exception {
        PendingBatch p = fill("r");
        state.meta(StepAccounting.sent(new LearnerMeta(4, 0, 0, 0, 0, 4, 0, 0)));
        LearnerCore restored = core();
        assertThat(restored.isOut(0, p)).isFalse();
        assertThat(restored.restore(0).send()).isEqualTo(p);
        assertThat(restored.isOut(0, p)).isTrue();
        assertThat(server.rollbacks).containsExactly(0L, 0L);
        state.pending(null);
        assertThat(core().restore(0)).isEqualTo(LearnerCore.Next.WAIT);
    }
}
