package dev.rivulet.server.metrics;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The learner's time inside training steps: what {@link #time} wraps is the step itself, entered
 * after the model lock is taken, so unlike the latency of a train call it excludes the wait behind
 * generation for that lock. {@link #busyFraction} is that time over the wall time since the clock
 * started: the real "learner busy" figure (issue 17). Thread-safe.
 */
public final class TrainStepClock {

    private final LongSupplier nanoTime;
    private final long startNanos;
    private final AtomicLong stepNanos = new AtomicLong();
    private final AtomicLong steps = new AtomicLong();

    /** A clock reading {@code nanoTime} ({@code System::nanoTime}; a fake one in tests). */
    public TrainStepClock(LongSupplier nanoTime) {
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.startNanos = nanoTime.getAsLong();
    }

    /** A clock on {@link System#nanoTime}, started now. */
    public static TrainStepClock system() {
        return new TrainStepClock(System::nanoTime);
    }

    /** Runs one training step, adding its duration (also when it fails). */
    public <T> T time(Supplier<T> step) {
        long t0 = nanoTime.getAsLong();
        try {
            return step.get();
        } finally {
            stepNanos.addAndGet(nanoTime.getAsLong() - t0);
            steps.incrementAndGet();
        }
    }

    /** Adds a step of {@code nanos} timed elsewhere (a simulated learner's sleep). */
    public void add(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("a step cannot last " + nanos + " ns");
        }
        stepNanos.addAndGet(nanos);
        steps.incrementAndGet();
    }

    /** Seconds spent inside training steps since the start. */
    public double stepSeconds() {
        return stepNanos.get() / 1e9;
    }

    /** Training steps timed. */
    public long steps() {
        return steps.get();
    }

    /** Seconds of wall time since the start. */
    public double wallSeconds() {
        return (nanoTime.getAsLong() - startNanos) / 1e9;
    }

    /** The share of the wall time since the start spent inside steps, 0 before any time passed. */
    public double busyFraction() {
        double wall = wallSeconds();
        return wall <= 0 ? 0 : Math.min(1.0, stepSeconds() / wall);
    }
}
