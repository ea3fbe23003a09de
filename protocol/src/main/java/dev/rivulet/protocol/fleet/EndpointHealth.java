package dev.rivulet.protocol.fleet;

/**
 * Whether one generator is up, and when a down one may be tried again: after {@code failures}
 * unavailable answers in a row it is down until {@link FailoverBackoff#delayNanos} has passed; then
 * one probe call may go to it, and its answer brings it up or keeps it down with a longer wait. Not
 * thread-safe: the pool guards it.
 */
final class EndpointHealth {

    private int failures;
    private long retryAtNanos;
    private boolean probing;

    boolean down() {
        return failures > 0;
    }

    int failures() {
        return failures;
    }

    /** When a down generator may be probed (meaningless while up). */
    long retryAtNanos() {
        return retryAtNanos;
    }

    /** Whether a call may go to this generator at {@code nowNanos}. */
    boolean available(long nowNanos) {
        return failures == 0 || (!probing && nowNanos - retryAtNanos >= 0);
    }

    /** A call goes out to it; on a down generator that call is the probe. */
    void sent() {
        if (failures > 0) {
            probing = true;
        }
    }

    /** It answered (a value, or a refusal that proves it reachable). */
    void answered() {
        failures = 0;
        probing = false;
    }

    /** It was unavailable at {@code nowNanos}: down, with a doubled wait. */
    void unavailable(long nowNanos, FailoverBackoff backoff) {
        failures++;
        probing = false;
        retryAtNanos = nowNanos + backoff.delayNanos(failures);
    }
}
