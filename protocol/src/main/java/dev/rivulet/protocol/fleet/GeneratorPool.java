package dev.rivulet.protocol.fleet;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.error.PolicyUnavailableException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *       naming every address and its state, or after {@code 2 × size} re-issues (not counting those
 *       from a retiring generator, see below).
 *   <li>Any other failure (a refusal, a deadline, a server error) goes to the caller unchanged and
 *       keeps the generator up: it answered.
 *   <li>The members can change while the pool runs ({@link #update}, e.g. when a DNS name resolves
 *       to other addresses): a new generator takes calls at once; a generator whose address left
 *       retires: it gets no new call, its calls in flight finish there (when it fails as
 *       unavailable, its calls are re-issued as above), and it is closed when the last one ends. An
 *       update never empties the pool.
 * </ul>
 *
 * <p>Thread-safe; answers complete on the endpoints' threads.
 */
public final class GeneratorPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GeneratorPool.class);

    private final FailoverBackoff backoff;
    private final LongSupplier nanoTime;
    private final Executor retiredCloser;

    /** The generators that take calls, in order. */
    private final List<PoolMember> members = new ArrayList<>();

    /** The generators that left the fleet and still have calls in flight. */
    private final List<PoolMember> retiring = new ArrayList<>();

    private final List<AutoCloseable> attached = new ArrayList<>();
    private final LeastOutstanding router = new LeastOutstanding();

    /** Serialises {@link #update}s, which open endpoints outside the pool's lock. */
    private final Object updating = new Object();

    private long membershipChanges;
    private volatile boolean closed;

    /**
     * A pool that closes a retired generator on a thread of its own (its last answer may arrive on
     * the very client thread that closing it waits for).
     *
     * @param endpoints the generators, owned by the pool from now on (closed by {@link #close})
     * @param backoff how long a failed generator stays down
     * @param nanoTime the clock ({@code System::nanoTime}; a fake one in tests)
     */
    public GeneratorPool(
            List<? extends GenerateEndpoint> endpoints,
            FailoverBackoff backoff,
            LongSupplier nanoTime) {
        this(endpoints, backoff, nanoTime, GeneratorPool::closeOnNewThread);
    }

    /**
     * @param retiredCloser runs the close of a retired generator whose last call ended ({@code
     *     Runnable::run} in tests)
     */
    public GeneratorPool(
            List<? extends GenerateEndpoint> endpoints,
            FailoverBackoff backoff,
            LongSupplier nanoTime,
            Executor retiredCloser) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("a generator pool needs at least one generator");
        }
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.retiredCloser = Objects.requireNonNull(retiredCloser, "retiredCloser");
        for (GenerateEndpoint e : endpoints) {
            members.add(new PoolMember(Objects.requireNonNull(e, "endpoint")));
        }
    }

    /** The number of generators that take calls (retiring ones not counted). */
    public synchronized int size() {
        return members.size();
    }

    /** Generators added or retired by {@link #update} since the pool opened. */
    public synchronized long membershipChanges() {
        return membershipChanges;
    }

    /** Generates completions for {@code requests} on one generator; the future holds all. */
    public CompletableFuture<List<Completion>> generate(List<GenerationRequest> requests) {
        PoolMember.Call call = new PoolMember.Call(List.copyOf(requests));
        dispatch(call, null);
        return call.result;
    }

    /**
     * Each generator's outstanding calls and state: the members in order (the configured one, new
     * ones last), then the retiring ones.
     */
    public synchronized List<EndpointStatus> status() {
        List<EndpointStatus> out = new ArrayList<>(members.size() + retiring.size());
        for (PoolMember m : members) {
            out.add(m.status());
        }
        for (PoolMember m : retiring) {
            out.add(m.status());
        }
        return out;
    }

    /**
     * Makes the generators at {@code wanted} the members: opens one with {@code opener} for each
     * new address and retires each member whose address is not wanted (it gets no new call, its
     * calls in flight finish, it is closed when the last one ends, at once when it has none). A
     * retiring generator whose address comes back takes calls again. An empty {@code wanted}, or
     * one whose new generators all fail to open while every member would leave, changes nothing
     * (logged): the pool never becomes empty. An address that fails to open is skipped (logged) and
     * tried again on the next update. Does nothing once the pool is closed.
     *
     * @return what changed
     */
    public MembershipChange update(
            List<GeneratorAddress> wanted,
            Function<GeneratorAddress, ? extends GenerateEndpoint> opener) {
        Objects.requireNonNull(opener, "opener");
        synchronized (updating) {
            Set<String> keys = new LinkedHashSet<>();
            List<GeneratorAddress> toOpen = new ArrayList<>();
            synchronized (this) {
                if (closed) {
                    return MembershipChange.none(members.size());
                }
                if (wanted.isEmpty()) {
                    LOG.warn(
                            "generator fleet: an update named no generator; keeping the {}",
                            members.size());
                    return MembershipChange.none(members.size());
                }
                for (GeneratorAddress a : wanted) {
                    String key = a.toString();
                    if (keys.add(key) && !has(members, key) && !has(retiring, key)) {
                        toOpen.add(a);
                    }
                }
            }
            Map<String, GenerateEndpoint> opened = new LinkedHashMap<>();
            for (GeneratorAddress a : toOpen) {
                try {
                    opened.put(a.toString(), Objects.requireNonNull(opener.apply(a), "endpoint"));
                } catch (RuntimeException e) {
                    LOG.warn("generator fleet: could not open generator {}: {}", a, e.toString());
                }
            }
            List<GenerateEndpoint> toClose = new ArrayList<>();
            MembershipChange change;
            synchronized (this) {
                change = closed ? null : apply(keys, opened, toClose);
            }
            if (change == null) {
                toClose.addAll(opened.values());
                change = MembershipChange.none(size());
            }
            for (GenerateEndpoint e : toClose) {
                closeQuietly(e);
            }
            return change;
        }
    }

    /**
     * The membership step of {@link #update}, holding the lock; {@code toClose} takes the retired
     * generators with no call in flight. Null when the update would empty the pool.
     */
    private MembershipChange apply(
            Set<String> keys,
            Map<String, GenerateEndpoint> opened,
            List<GenerateEndpoint> toClose) {
        int kept = 0;
        for (PoolMember m : members) {
            kept += keys.contains(m.address) ? 1 : 0;
        }
        int returning = 0;
        for (PoolMember m : retiring) {
            returning += keys.contains(m.address) ? 1 : 0;
        }
        if (kept + returning + opened.size() == 0) {
            LOG.warn(
                    "generator fleet: none of the wanted generators {} could be opened; keeping"
                            + " the {}",
                    keys,
                    members.size());
            return null;
        }
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (Iterator<PoolMember> it = members.iterator(); it.hasNext(); ) {
            PoolMember m = it.next();
            if (!keys.contains(m.address)) {
                it.remove();
                removed.add(m.address);
                if (m.inflight.isEmpty() && m.sending == 0) {
                    toClose.add(m.endpoint);
                } else {
                    m.retiring = true;
                    retiring.add(m);
                }
            }
        }
        for (Iterator<PoolMember> it = retiring.iterator(); it.hasNext(); ) {
            PoolMember m = it.next();
            if (keys.contains(m.address)) {
                it.remove();
                m.retiring = false;
                members.add(m);
                added.add(m.address);
            }
        }
        for (Map.Entry<String, GenerateEndpoint> e : opened.entrySet()) {
            members.add(new PoolMember(e.getValue()));
            added.add(e.getKey());
        }
        membershipChanges += added.size() + removed.size();
        return new MembershipChange(added, removed, members.size());
    }

    /**
     * Closes {@code resource} (e.g. the refresher that updates this pool) when the pool closes,
     * before the generators; at once when the pool is already closed.
     */
    public void attach(AutoCloseable resource) throws Exception {
        Objects.requireNonNull(resource, "resource");
        synchronized (this) {
            if (!closed) {
                attached.add(resource);
                return;
            }
        }
        resource.close();
    }

    private void dispatch(PoolMember.Call call, Throwable lastFailure) {
        PoolMember.Attempt attempt;
        RuntimeException refusal = null;
        synchronized (this) {
            PoolMember chosen = null;
            int maxReissues = 2 * members.size();
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
                chosen = choose();
                if (chosen == null) {
                    refusal =
                            new PolicyUnavailableException(
                                    "generate failed: every generator is down: " + describe(),
                                    lastFailure);
                }
            }
            if (refusal != null) {
                attempt = null;
            } else {
                attempt = new PoolMember.Attempt(call, chosen);
                chosen.inflight.add(attempt);
                chosen.sending++;
                chosen.health.sent();
            }
        }
        if (attempt == null) {
            call.result.completeExceptionally(refusal);
            return;
        }
        PoolMember m = attempt.member;
        CompletableFuture<List<Completion>> f;
        try {
            f = m.endpoint.generate(call.requests);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        boolean drained;
        synchronized (this) {
            m.sending--;
            // the generator retired and its calls ended while this one was being sent
            drained = m.drained() && !closed && retiring.remove(m);
        }
        if (drained) {
            retiredCloser.execute(() -> closeQuietly(m.endpoint));
        }
        attempt.future = f;
        f.whenComplete((value, error) -> onAnswer(attempt, value, error));
    }

    /** The member for the next call, or null when none is available; holding the lock. */
    private PoolMember choose() {
        long now = nanoTime.getAsLong();
        int n = members.size();
        int[] outstanding = new int[n];
        boolean[] available = new boolean[n];
        for (int i = 0; i < n; i++) {
            outstanding[i] = members.get(i).inflight.size();
            available[i] = members.get(i).health.available(now);
        }
        int i = router.choose(outstanding, available);
        return i < 0 ? null : members.get(i);
    }

    private void onAnswer(PoolMember.Attempt attempt, List<Completion> value, Throwable error) {
        PoolMember m = attempt.member;
        List<PoolMember.Attempt> abandoned = List.of();
        GenerateEndpoint drained = null;
        boolean retiringFailed;
        synchronized (this) {
            retiringFailed = m.retiring;
            if (!m.inflight.remove(attempt)) {
                return; // abandoned when its generator went down: the call went elsewhere
            }
            if (closed) {
                // closing: the failure is the pool's own doing, not the generator's
            } else if (error == null || !unavailable(error)) {
                m.health.answered();
            } else {
                m.health.unavailable(nanoTime.getAsLong(), backoff);
                abandoned = new ArrayList<>(m.inflight);
                m.inflight.clear();
            }
            if (m.drained() && !closed && retiring.remove(m)) {
                drained = m.endpoint;
            }
        }
        if (drained != null) {
            GenerateEndpoint e = drained;
            retiredCloser.execute(() -> closeQuietly(e));
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
        for (PoolMember.Attempt other : abandoned) {
            CompletableFuture<List<Completion>> f = other.future;
            if (f != null) {
                f.cancel(false);
            }
        }
        // a retiring generator failing is its pod going away, not the fleet failing: no count
        int counted = retiringFailed ? 0 : 1;
        attempt.call.reissues.addAndGet(counted);
        dispatch(attempt.call, cause);
        for (PoolMember.Attempt other : abandoned) {
            other.call.reissues.addAndGet(counted);
            dispatch(other.call, cause);
        }
    }

    /** Every address with its state, for error messages; called holding the lock. */
    private String describe() {
        long now = nanoTime.getAsLong();
        List<String> parts = new ArrayList<>();
        for (PoolMember m : members) {
            parts.add(m.describe(now));
        }
        return String.join(", ", parts);
    }

    private static boolean has(List<PoolMember> list, String address) {
        return list.stream().anyMatch(m -> m.address.equals(address));
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

    private static void closeQuietly(GenerateEndpoint e) {
        try {
            e.close();
            LOG.info("generator fleet: closed retired generator {}", e.address());
        } catch (Exception ex) {
            LOG.warn("generator fleet: closing retired generator {} failed", e.address(), ex);
        }
    }

    private static void closeOnNewThread(Runnable close) {
        Thread t = new Thread(close, "generator-pool-close");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Closes what was {@linkplain #attach attached}, then every generator, last first (retiring
     * ones after the members); calls still in flight fail as unavailable (the closing clients fail
     * them) and are not re-issued.
     */
    @Override
    public void close() throws Exception {
        List<AutoCloseable> toClose = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose.addAll(attached);
            for (int i = retiring.size() - 1; i >= 0; i--) {
                toClose.add(retiring.get(i).endpoint);
            }
            for (int i = members.size() - 1; i >= 0; i--) {
                toClose.add(members.get(i).endpoint);
            }
        }
        Exception first = null;
        for (AutoCloseable c : toClose) {
            try {
                c.close();
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
}
