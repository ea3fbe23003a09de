package dev.rivulet.protocol.fleet;

import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link GeneratorPool} in step with its {@link GeneratorSpec}: every period it resolves
 * the spec again (its DNS entries; plain {@code host:port} entries never change) and {@linkplain
 * GeneratorPool#update updates} the pool, logging each change at INFO ({@code generator fleet:
 * +10.0.0.7:8815, -10.0.0.5:8815 (3 generators)}). A resolution that fails or finds nothing keeps
 * the members (a warning, counted in {@link #failures}); it never fails a call.
 */
public final class FleetRefresher implements AutoCloseable {

    /** Runs a task periodically: a daemon thread in production, a hand-cranked fake in tests. */
    @FunctionalInterface
    public interface Scheduler {

        /** Runs {@code task} every {@code period}, first after one period; closing stops it. */
        AutoCloseable every(Duration period, Runnable task);

        /** A daemon thread named {@code name} of its own for each scheduled task. */
        static Scheduler daemon(String name) {
            return (period, task) -> {
                ScheduledExecutorService s =
                        Executors.newSingleThreadScheduledExecutor(
                                r -> {
                                    Thread t = new Thread(r, name);
                                    t.setDaemon(true);
                                    return t;
                                });
                long nanos = period.toNanos();
                s.scheduleWithFixedDelay(task, nanos, nanos, TimeUnit.NANOSECONDS);
                return s::shutdownNow;
            };
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(FleetRefresher.class);

    private final GeneratorSpec spec;
    private final HostResolver resolver;
    private final GeneratorPool pool;
    private final Function<GeneratorAddress, ? extends GenerateEndpoint> opener;
    private final AtomicLong refreshes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile AutoCloseable schedule;

    /**
     * @param spec where the generators are
     * @param resolver resolves the spec's DNS names
     * @param pool the pool to update
     * @param opener opens an endpoint for a new generator address
     */
    public FleetRefresher(
            GeneratorSpec spec,
            HostResolver resolver,
            GeneratorPool pool,
            Function<GeneratorAddress, ? extends GenerateEndpoint> opener) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /**
     * Starts refreshing {@code pool} every {@code period} when {@code spec} has a DNS entry and the
     * period is positive, attaching the refresher to the pool so that closing the pool stops it.
     *
     * @return the running refresher, or null when there is nothing to refresh
     * @throws IllegalArgumentException on a negative period
     */
    public static FleetRefresher start(
            GeneratorSpec spec,
            HostResolver resolver,
            GeneratorPool pool,
            Function<GeneratorAddress, ? extends GenerateEndpoint> opener,
            Duration period,
            Scheduler scheduler)
            throws Exception {
        if (period.isNegative()) {
            throw new IllegalArgumentException(
                    "the generator refresh period must be >= 0 (0: never), got " + period);
        }
        if (period.isZero() || !spec.hasDns()) {
            return null;
        }
        FleetRefresher r = new FleetRefresher(spec, resolver, pool, opener);
        r.schedule = scheduler.every(period, r::refreshLogged);
        pool.attach(r);
        return r;
    }

    /**
     * Resolves the spec and updates the pool.
     *
     * @return what changed; no change when the resolution failed
     */
    public MembershipChange refresh() {
        refreshes.incrementAndGet();
        List<GeneratorAddress> addresses;
        try {
            addresses = spec.resolve(resolver);
        } catch (UnknownHostException | RuntimeException e) {
            failures.incrementAndGet();
            int size = pool.size();
            LOG.warn(
                    "generator fleet: resolving {} failed, keeping the {} generators: {}",
                    spec,
                    size,
                    e.getMessage());
            return MembershipChange.none(size);
        }
        MembershipChange change = pool.update(addresses, opener);
        if (change.changed()) {
            LOG.info("generator fleet: {}", change);
        }
        return change;
    }

    /** {@link #refresh} for the scheduler: anything it throws is logged, not lost. */
    private void refreshLogged() {
        try {
            refresh();
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.warn("generator fleet: refreshing {} failed", spec, e);
        }
    }

    /** Refreshes so far, failed ones included. */
    public long refreshes() {
        return refreshes.get();
    }

    /** Refreshes that failed and kept the members. */
    public long failures() {
        return failures.get();
    }

    /** Stops the periodic refresh; the pool stays open. */
    @Override
    public void close() throws Exception {
        AutoCloseable s = schedule;
        schedule = null;
        if (s != null) {
            s.close();
        }
    }
}
