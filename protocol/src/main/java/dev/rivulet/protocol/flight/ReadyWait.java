package dev.rivulet.protocol.flight;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.arrow.flight.OutboundStreamListener;

/**
 * Waits for a Flight stream to accept the next message by parking, not spinning. Arrow's client
 * {@code putNext()} busy-waits on gRPC's {@code isReady()}; on 2 cores that spin took about a tenth
 * of all CPU samples of the pipeline benchmark (JFR, 2026-11-27) and starved the threads that drain
 * the stream. Once this returns, {@code putNext()} finds the stream ready and does not spin.
 * ({@code setOnReadyHandler} cannot be used: gRPC freezes it once the call has started.)
 */
final class ReadyWait {

    private static final long PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private ReadyWait() {}

    /**
     * Returns when {@code writer} is ready, when {@code ended} says the call is already over (it
     * failed: a server that is down answers UNAVAILABLE at once, and the stream never becomes
     * ready), or after {@code timeoutMillis}; then {@code putNext()} takes over, fails fast on an
     * ended call, and the call's deadline ends it if the stream never becomes ready.
     */
    static void await(OutboundStreamListener writer, long timeoutMillis, BooleanSupplier ended) {
        if (writer.isReady()) {
            return;
        }
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long park = PARK_NANOS;
        while (!writer.isReady() && !ended.getAsBoolean() && System.nanoTime() < end) {
            LockSupport.parkNanos(park);
            park = Math.min(park * 2, MAX_PARK_NANOS);
        }
    }
}
