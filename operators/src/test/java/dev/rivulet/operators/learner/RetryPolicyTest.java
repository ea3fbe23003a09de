package dev.rivulet.operators.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.operators.telemetry.DeadLetterEvent;
import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.protocol.error.PolicyUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Which failures are retried, how long a restore waits, and what a refusal leaves behind. */
class RetryPolicyTest {

    private final List<Long> sleeps = new ArrayList<>();
    private long clock;
    private final RetryPolicy retry =
            new RetryPolicy(
                    250,
                    () -> clock,
                    millis -> {
                        sleeps.add(millis);
                        clock += millis;
                    });

    private static PendingBatch batch(int rollouts) {
        return new PendingBatch(
                new TrainBatch("L0-v3-b1", MapLearnerState.rollouts("r", rollouts, 3), false),
                List.of(),
                0);
    }

    @Test
    void onlyARefusalOfAnInvalidBatchIsNotRetried() {
        PolicyInvalidRequestException refused = new PolicyInvalidRequestException("bad row r3");
        assertThat(RetryPolicy.refusal(new CompletionException(refused))).contains("bad row r3");
        assertThat(RetryPolicy.refusal(new ExecutionException(new CompletionException(refused))))
                .contains("bad row r3");
        assertThat(
                        RetryPolicy.refusal(
                                new CompletionException(new PolicyUnavailableException("x"))))
                .isEmpty();
        assertThat(RetryPolicy.refusal(new IllegalStateException("timeout"))).isEmpty();
        assertThat(retry.retryMillis()).isEqualTo(250L);
    }

    @Test
    void aRefusedBatchMakesOneDeadLetterPerRolloutWithTheServersReason() {
        List<DeadLetterEvent> letters = RetryPolicy.deadLetters(batch(3), "bad row r1", 42);
        assertThat(letters).hasSize(3);
        assertThat(letters)
                .allSatisfy(
                        d -> {
                            assertThat(d.ts()).isEqualTo(42L);
                            assertThat(d.source()).isEqualTo("learner:L0-v3-b1");
                            assertThat(d.line()).isZero();
                            assertThat(d.code()).isEqualTo("learner-rejected");
                            assertThat(d.reason()).isEqualTo("learner-rejected: bad row r1");
                        });
        assertThat(letters)
                .extracting(DeadLetterEvent::raw)
                .containsExactly("r0 p-r0", "r1 p-r1", "r2 p-r2");
        String longReason = "x".repeat(1000);
        assertThat(RetryPolicy.deadLetters(batch(1), longReason, 0).get(0).reason())
                .hasSize(DeadLetterEvent.MAX_TEXT_CHARS);
    }

    @Test
    void anUnavailableServerIsWaitedOutWithADoublingBackoff() throws Exception {
        int[] calls = {0};
        String answer =
                retry.await(
                        () ->
                                ++calls[0] <= 7
                                        ? CompletableFuture.failedFuture(
                                                new PolicyUnavailableException("down"))
                                        : CompletableFuture.completedFuture("up"),
                        100);
        assertThat(answer).isEqualTo("up");
        assertThat(sleeps).containsExactly(200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L);
    }

    @Test
    void theWaitEndsAfterTheServerWaitAndRethrows() {
        assertThatThrownBy(
                        () ->
                                retry.await(
                                        () ->
                                                CompletableFuture.failedFuture(
                                                        new PolicyUnavailableException("down")),
                                        100))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(PolicyUnavailableException.class);
        assertThat(sleeps.stream().mapToLong(Long::longValue).sum())
                .isLessThanOrEqualTo(RetryPolicy.SERVER_WAIT_MILLIS)
                .isGreaterThan(RetryPolicy.SERVER_WAIT_MILLIS - RetryPolicy.MAX_BACKOFF_MILLIS);
    }

    @Test
    void otherFailuresAreRethrownAtOnce() {
        assertThatThrownBy(
                        () ->
                                retry.await(
                                        () ->
                                                CompletableFuture.failedFuture(
                                                        new PolicyInvalidRequestException("no")),
                                        100))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(PolicyInvalidRequestException.class);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aRefusalFailsTheTaskWhenTheServerMoved() {
        PendingBatch p = batch(1);
        assertThatCode(
                        () ->
                                RetryPolicy.requireUnmoved(
                                        0, p, "bad", new PolicyVersion(3, 0, "a"), 3, "a"))
                .doesNotThrowAnyException();
        assertThatThrownBy(
                        () ->
                                RetryPolicy.requireUnmoved(
                                        0, p, "bad", new PolicyVersion(3, 0, "b"), 3, "a"))
                .isInstanceOf(ServerVersionMismatchException.class)
                .hasMessageContaining(
                        "on lineage b while this attempt expects version 3 on lineage a");
        assertThatThrownBy(
                        () ->
                                RetryPolicy.requireUnmoved(
                                        0, p, "bad", new PolicyVersion(0, 0, "a"), 3, "a"))
                .isInstanceOf(ServerVersionMismatchException.class)
                .hasMessageContaining("server is at version 0");
    }

    @Test
    void aServerBehindTheStateFailsTheRetry() {
        assertThatCode(() -> RetryPolicy.requireServerAt(3, 3)).doesNotThrowAnyException();
        assertThatCode(() -> RetryPolicy.requireServerAt(3, 4)).doesNotThrowAnyException();
        assertThatThrownBy(() -> RetryPolicy.requireServerAt(3, 1))
                .isInstanceOf(ServerVersionMismatchException.class)
                .hasMessageContaining("at policy version 1 but the learner state expects 3");
    }
}
