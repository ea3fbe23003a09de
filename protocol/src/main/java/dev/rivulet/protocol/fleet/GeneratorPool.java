package dev.rivulet.protocol.fleet;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.error.PolicyUnavailableException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Spreads generate calls over a fleet of generation servers.
 *
 * <ul>
 *   <li>Each call goes to the available generator with the fewest outstanding calls, ties in round
 *       robin ({@link LeastOutstanding}).
 *   <li>A generator that fails a call as unavailable ({@link PolicyUnavailableException}) is marked
 *       down; that call and every other call still in flight on it are re-issued to the others (a
 *       late answer of an abandoned attempt is dropped, so each call completes once).
 *   <li>A down generator gets one probe call once its {@link FailoverBackoff} has passed (read from
 *       the injected clock when a call is routed); an answer brings it up, another unavailable
 *       answer doubles the wait.
 *   <li>A call fails only when no generator is available, with a {@link PolicyUnavailableException}
 *       naming every address and its state, or after {@code 2 × size} re-issues.
 *   <li>Any other failure (a refusal, a deadline, a server error) goes to the caller unchanged and
 *       keeps the generator up: it answered.
 * </ul>
 *
 * <p>Thread-safe; answers complete on the endpoints' threads.
 */
public final class GeneratorPool implements AutoCloseable {

    private final List<GenerateEndpoint> endpoints;
    private final FailoverBackoff backoff;
    private final LongSupplier nanoTime;
    private final int maxReissues;
    private final EndpointHealth[] health;
    private final int[] outstanding;
    private final List<Set<Attempt>> inflight = new ArrayList<>();
    private final LeastOutstanding router = new LeastOutstanding();
    private volatile boolean closed;

    /**
     * @param endpoints the generators, owned by the pool from now on (closed by {@link #close})
     * @param backoff how long a failed generator stays down
     * @param nanoTime the clock ({@code System::nanoTime}; a fake one in tests)
     */
    public GeneratorPool(
            List<? extends GenerateEndpoint> endpoints,
            FailoverBackoff backoff,
            LongSupplier nanoTime) {
        this.endpoints = List.copyOf(endpoints);
        if (this.endpoints.isEmpty()) {
            throw new IllegalArgumentException("a generator pool needs at least one generator");
        }
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        int n = this.endpoints.size();
        this.maxReissues = 2 * n;
        this.health = new EndpointHealth[n];
        this.outstanding = new int[n];
        for (int i = 0; i < n; i++) {
            health[i] = new EndpointHealth();
            inflight.add(new LinkedHashSet<>());
        }
    }

    /** The number of generators. */
    public int size() {
        return endpoints.size();
    }

    /** Generates completions for {@code requests} on one generator; the future holds all. */
    public CompletableFuture<List<Completion>> generate(List<GenerationRequest> requests) {
        Call call = new Call(List.copyOf(requests));
        dispatch(call, null);
        return call.result;
    }

    /** Each generator's outstanding calls and state, in the configured order. */
    public synchronized List<EndpointStatus> status() {
        List<EndpointStatus> out = new ArrayList<>(endpoints.size());
        for (int i = 0; i < endpoints.size(); i++) {
            out.add(
                    new EndpointStatus(
                            endpoints.get(i).address(),
                            outstanding[i],
                            health[i].down(),
                            health[i].failures()));
        }
        return out;
    }

    private void dispatch(Call call, Throwable lastFailure) {
        Attempt attempt;
        RuntimeException refusal = null;
        synchronized (this) {
            int i = -1;
            if (closed) {
                refusal = new PolicyUnavailableException("generate failed: the pool is closed");
            } else if (call.reissues.get() > maxReissues) {
                refusal =
                        new PolicyUnavailableException(
                                "generate failed: re-issued "
                                        + maxReissues
                                        + " times after generators became unavailable; "
                                        + describe(),
                                lastFailure);
            } else {
                i = router.choose(outstanding, availableNow());
                if (i < 0) {
                    refusal =
                            new PolicyUnavailableException(
                                    "generate failed: every generator is down: " + describe(),
                                    lastFailure);
                }
            }
            if (refusal != null) {
                attempt = null;
            } else {
                attempt = new Attempt(call, i);
                inflight.get(i).add(attempt);
                outstanding[i]++;
                health[i].sent();
            }
        }
        if (attempt == null) {
            call.result.completeExceptionally(refusal);
            return;
        }
        CompletableFuture<List<Completion>> f;
        try {
            f = endpoints.get(attempt.endpoint).generate(call.requests);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        attempt.future = f;
        f.whenComplete((value, error) -> onAnswer(attempt, value, error));
    }

    private void onAnswer(Attempt attempt, List<Completion> value, Throwable error) {
        int i = attempt.endpoint;
        List<Attempt> abandoned = List.of();
        synchronized (this) {
            if (!inflight.get(i).remove(attempt)) {
                return; // abandoned when its generator went down: the call went elsewhere
            }
            outstanding[i]--;
            if (closed) {
                // closing: the failure is the pool's own doing, not the generator's
            } else if (error == null || !unavailable(error)) {
                health[i].answered();
            } else {
                health[i].unavailable(nanoTime.getAsLong(), backoff);
                abandoned = new ArrayList<>(inflight.get(i));
                inflight.get(i).clear();
                outstanding[i] = 0;
            }
        }
        if (error == null) {
            attempt.call.result.complete(value);
            return;
        }
        if (abandoned.isEmpty() && (!unavailable(error) || closed)) {
            attempt.call.result.completeExceptionally(unwrap(error));
            return;
        }
        Throwable cause = unwrap(error);
        for (Attempt other : abandoned) {
            CompletableFuture<List<Completion>> f = other.future;
            if (f != null) {
                f.cancel(false);
            }
        }
        attempt.call.reissues.incrementAndGet();
        dispatch(attempt.call, cause);
        for (Attempt other : abandoned) {
            other.call.reissues.incrementAndGet();
            dispatch(other.call, cause);
        }
    }

    private boolean[] availableNow() {
        long now = nanoTime.getAsLong();
        boolean[] a = new boolean[health.length];
        for (int i = 0; i < health.length; i++) {
            a[i] = health[i].available(now);
        }
        return a;
    }

    /** Every address with its state, for error messages; called holding the lock. */
    private String describe() {
        long now = nanoTime.getAsLong();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            EndpointHealth h = health[i];
            String state;
            if (!h.down()) {
                state = "up, " + outstanding[i] + " outstanding";
            } else {
                long waitMs = Math.max(0, TimeUnit.NANOSECONDS.toMillis(h.retryAtNanos() - now));
                state =
                        "down after "
                                + h.failures()
                                + " failure(s), "
                                + (h.available(now)
                                        ? "probe due"
                                        : waitMs > 0 ? "retry in " + waitMs + " ms" : "probing");
            }
            parts.add(endpoints.get(i).address() + " (" + state + ")");
        }
        return String.join(", ", parts);
    }

    private static boolean unavailable(Throwable error) {
        return unwrap(error) instanceof PolicyUnavailableException;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * Closes every generator, last first; calls still in flight fail as unavailable (the closing
     * clients fail them) and are not re-issued.
     */
    @Override
    public void close() throws Exception {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        Exception first = null;
        for (int i = endpoints.size() - 1; i >= 0; i--) {
            try {
                endpoints.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** One generate call of the pool's caller, across its attempts. */
    private static final class Call {
        final List<GenerationRequest> requests;
        final CompletableFuture<List<Completion>> result = new CompletableFuture<>();
        final AtomicInteger reissues = new AtomicInteger();

        Call(List<GenerationRequest> requests) {
            this.requests = requests;
        }
    }

    /** One attempt of a call on one generator. */
    private static final class Attempt {
        final Call call;
        final int endpoint;
        volatile CompletableFuture<List<Completion>> future;

        Attempt(Call call, int endpoint) {
            this.call = call;
            this.endpoint = endpoint;
        }
    }
}
