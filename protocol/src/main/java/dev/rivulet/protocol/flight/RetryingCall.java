package dev.rivulet.protocol.flight;

import dev.rivulet.protocol.error.PolicyException;
import dev.rivulet.protocol.error.PolicyServerException;
import dev.rivulet.protocol.error.PolicyUnavailableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;

/**
 * Runs one blocking Flight call on an executor, retrying with exponential backoff while the server
 * is UNAVAILABLE, and completes a future with the result or a typed {@link PolicyException}.
 */
final class RetryingCall<T> {

    /** One attempt of the call; throws FlightRuntimeException on failure. */
    interface Attempt<T> {
        T run() throws Exception;
    }

    private final String operation;
    private final Attempt<T> attempt;
    private final BooleanSupplier retryable;
    private final PolicyClient.Options options;
    private final Executor calls;
    private final ScheduledExecutorService timer;
    private final CompletableFuture<T> future = new CompletableFuture<>();

    RetryingCall(
            String operation,
            Attempt<T> attempt,
            BooleanSupplier retryable,
            PolicyClient.Options options,
            Executor calls,
            ScheduledExecutorService timer) {
        this.operation = operation;
        this.attempt = attempt;
        this.retryable = retryable;
        this.options = options;
        this.calls = calls;
        this.timer = timer;
    }

    CompletableFuture<T> start() {
        submit(1, options.initialBackoff());
        return future;
    }

    private void submit(int attemptNo, Duration backoff) {
        try {
            calls.execute(() -> run(attemptNo, backoff));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(
                    new PolicyUnavailableException(operation + " failed: client is closed", e));
        }
    }

    private void run(int attemptNo, Duration backoff) {
        if (future.isDone()) {
            return;
        }
        try {
            future.complete(attempt.run());
        } catch (FlightRuntimeException e) {
            boolean transientFailure = e.status().code() == FlightStatusCode.UNAVAILABLE;
            if (transientFailure && attemptNo <= options.maxRetries() && retryable.getAsBoolean()) {
                Duration next = backoff.multipliedBy(2);
                if (next.compareTo(options.maxBackoff()) > 0) {
                    next = options.maxBackoff();
                }
                Duration nextBackoff = next;
                try {
                    timer.schedule(
                            () -> submit(attemptNo + 1, nextBackoff),
                            backoff.toNanos(),
                            TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException closed) {
                    future.completeExceptionally(
                            FlightErrors.fromFlight(operation, e, attemptNo, options.tls()));
                }
            } else {
                future.completeExceptionally(
                        FlightErrors.fromFlight(operation, e, attemptNo, options.tls()));
            }
        } catch (PolicyException e) {
            future.completeExceptionally(e);
        } catch (Throwable t) {
            future.completeExceptionally(new PolicyServerException(operation + " failed: " + t, t));
        }
    }
}
