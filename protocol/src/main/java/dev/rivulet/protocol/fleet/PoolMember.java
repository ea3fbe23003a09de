package dev.rivulet.protocol.fleet;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One generator of a {@link GeneratorPool}: its endpoint, health, the attempts in flight on it and
 * whether it is retiring. Not thread-safe: the pool's lock guards it.
 */
final class PoolMember {

    final GenerateEndpoint endpoint;
    final String address;
    final EndpointHealth health = new EndpointHealth();
    final Set<Attempt> inflight = new LinkedHashSet<>();
    boolean retiring;

    /**
     * Attempts routed here whose {@code generate} has not returned yet (sent outside the lock): a
     * retiring generator is closed only once this is 0 too, so no call reaches a closed one.
     */
    int sending;

    PoolMember(GenerateEndpoint endpoint) {
        this.endpoint = endpoint;
        this.address = endpoint.address();
    }

    /** Retiring with nothing in flight and nothing being sent: ready to close. */
    boolean drained() {
        return retiring && inflight.isEmpty() && sending == 0;
    }

    EndpointStatus status() {
        return new EndpointStatus(
                address, inflight.size(), health.down(), health.failures(), retiring);
    }

    /** The address and state for an error message, e.g. {@code a:1 (up, 2 outstanding)}. */
    String describe(long nowNanos) {
        String state;
        if (!health.down()) {
            state = "up, " + inflight.size() + " outstanding";
        } else {
            long waitMs =
                    Math.max(0, TimeUnit.NANOSECONDS.toMillis(health.retryAtNanos() - nowNanos));
            state =
                    "down after "
                            + health.failures()
                            + " failure(s), "
                            + (health.available(nowNanos)
                                    ? "probe due"
                                    : waitMs > 0 ? "retry in " + waitMs + " ms" : "probing");
        }
        return address + " (" + state + ")";
    }

    /** One generate call of the pool's caller, across its attempts. */
    static final class Call {
        final List<GenerationRequest> requests;
        final CompletableFuture<List<Completion>> result = new CompletableFuture<>();
        final AtomicInteger reissues = new AtomicInteger();

        Call(List<GenerationRequest> requests) {
            this.requests = requests;
        }
    }

    /** One attempt of a call on one generator. */
    static final class Attempt {
        final Call call;
        final PoolMember member;
        volatile CompletableFuture<List<Completion>> future;

        Attempt(Call call, PoolMember member) {
            this.call = call;
            this.member = member;
        }
    }
}
