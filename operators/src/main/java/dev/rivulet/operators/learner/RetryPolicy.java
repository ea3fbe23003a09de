package dev.rivulet.operators.learner;

import dev.rivulet.operators.telemetry.DeadLetterEvent;
import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.error.PolicyDeadlineException;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.protocol.error.PolicyUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the learner does about a failing model server. A batch the server refuses as invalid is not
 * retried: while the server is still where the learner left it, its rollouts become dead letters
 * with the server's reason; any other failure of a train call is retried after {@code retryMillis}
 * unless the server is found behind the learner's state. While restoring, an unavailable server is
 * waited out with a doubling back-off for up to {@link #SERVER_WAIT_MILLIS}.
 */
final class RetryPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

    /** How long a restore waits for an unavailable server before failing. */
    static final long SERVER_WAIT_MILLIS = 300_000;

    /** The first back-off while waiting for an unavailable server; it doubles up to the last. */
    static final long FIRST_BACKOFF_MILLIS = 200;

    static final long MAX_BACKOFF_MILLIS = 5_000;

    /** The dead-letter code of a refused batch's rollouts. */
    static final String REJECTED_CODE = "learner-rejected";

    /** The dead-letter code of a batch the server failed too often. */
    static final String FAILED_CODE = "learner-failed";

    /**
     * Whether {@code error} (possibly wrapped by a future) counts towards a batch's failure limit:
     * every failure but an unavailable server or a deadline, which say nothing about the batch (the
     * server may be restarting; the restore path and the alerts on the server handle those).
     */
    static boolean counts(Throwable error) {
        Throwable t = unwrap(error);
        return !(t instanceof PolicyUnavailableException)
                && !(t instanceof PolicyDeadlineException);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The reason a batch is given up after {@code failures} counted failures. */
    static String givenUp(int failures, Throwable last) {
        Throwable t = unwrap(last);
        return "failed "
                + failures
                + " times, last: "
                + t.getClass().getSimpleName()
                + ": "
                + t.getMessage();
    }

    /** Waits between two calls (Thread::sleep in the job). */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final long retryMillis;
    private final LongSupplier clock;
    private final Sleeper sleeper;

    RetryPolicy(long retryMillis, LongSupplier clock, Sleeper sleeper) {
        this.retryMillis = retryMillis;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** The policy on the wall clock. */
    static RetryPolicy of(long retryMillis) {
        return new RetryPolicy(retryMillis, System::currentTimeMillis, Thread::sleep);
    }

    /** The back-off before a failed batch is sent again. */
    long retryMillis() {
        return retryMillis;
    }

    /**
     * The server's reason when {@code error} (possibly wrapped by a future) refuses the batch as
     * invalid; empty for a failure that is retried.
     */
    static Optional<String> refusal(Throwable error) {
        Throwable t = unwrap(error);
        return t instanceof PolicyInvalidRequestException refused
                ? Optional.of(String.valueOf(refused.getMessage()))
                : Optional.empty();
    }

    /**
     * Calls the server, waiting out an unavailable server (it may be restarting) with back-off for
     * up to {@link #SERVER_WAIT_MILLIS}; other failures are rethrown at once.
     */
    <T> T await(Supplier<CompletableFuture<T>> call, long timeoutMillis) throws Exception {
        long deadline = clock.getAsLong() + SERVER_WAIT_MILLIS;
        long backoff = FIRST_BACKOFF_MILLIS;
        while (true) {
            try {
                return call.get().get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof PolicyUnavailableException)
                        || clock.getAsLong() + backoff > deadline) {
                    throw e;
                }
                LOG.warn(
                        "model server unavailable while restoring; retrying in {} ms: {}",
                        backoff,
                        e.getCause().getMessage());
                sleeper.sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    /** One dead letter per rollout of the refused batch {@code p}, with the server's reason. */
    static List<DeadLetterEvent> deadLetters(PendingBatch p, String refusal, long nowMillis) {
        return deadLetters(p, REJECTED_CODE, refusal, nowMillis);
    }

    /** One dead letter per rollout of batch {@code p}, with {@code code} and {@code reason}. */
    static List<DeadLetterEvent> deadLetters(
            PendingBatch p, String code, String reason, long nowMillis) {
        String text =
                DeadLetterEvent.safeText(code + ": " + reason, DeadLetterEvent.MAX_TEXT_CHARS);
        List<DeadLetterEvent> letters = new ArrayList<>(p.batch().rows().size());
        for (ScoredRollout r : p.batch().rows()) {
            letters.add(
                    new DeadLetterEvent(
                            nowMillis,
                            "learner:" + p.batch().batchId(),
                            0,
                            text,
                            code,
                            r.rolloutId() + " " + r.promptId()));
        }
        return letters;
    }

    /**
     * Fails when the server that refused batch {@code p} is no longer at the version and on the
     * lineage this attempt expects (someone rolled it back or it restarted): training on would
     * describe weights the state does not know, so the task fails and Flink restores.
     */
    static void requireUnmoved(
            int learner,
            PendingBatch p,
            String refusal,
            PolicyVersion server,
            long expected,
            String lineage) {
        if (server.current() != expected || !server.lineage().equals(lineage)) {
            throw new ServerVersionMismatchException(
                    "learner "
                            + learner
                            + ": batch "
                            + p.batch().batchId()
                            + " was refused ("
                            + refusal
                            + ") and the server is at version "
                            + server.current()
                            + " on lineage "
                            + server.lineage()
                            + " while this attempt expects version "
                            + expected
                            + " on lineage "
                            + lineage
                            + "; failing the task so that Flink restores");
        }
    }

    /**
     * Fails when the server is behind the version the state expects: it restarted from an older
     * commit, so training on must not go on; the restore rolls it forward to a prepared version.
     */
    static void requireServerAt(long expected, long actual) {
        if (actual < expected) {
            throw new ServerVersionMismatchException(
                    "the model server is at policy version "
                            + actual
                            + " but the learner state expects "
                            + expected
                            + " (the server restarted from an older commit); failing the task"
                            + " so that Flink restores and rolls the server to the checkpointed"
                            + " version");
        }
    }
}
