package dev.rivulet.protocol.fleet;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a generator that failed stays down before the pool tries it again: {@code initial} after
 * the first failure in a row, doubled with each further failure, capped at {@code max}.
 *
 * @param initial the wait after one failure, {@code > 0}
 * @param max the longest wait, {@code >= initial}
 */
public record FailoverBackoff(Duration initial, Duration max) {

    public FailoverBackoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff must be > 0, got " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException(
                    "max backoff (" + max + ") must be >= initial backoff (" + initial + ")");
        }
    }

    /** 500 ms doubling up to 30 s. */
    public static FailoverBackoff defaults() {
        return new FailoverBackoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    /** The wait in nanoseconds after {@code failures >= 1} failures in a row. */
    public long delayNanos(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be >= 1, got " + failures);
        }
        long maxNanos = max.toNanos();
        long d = initial.toNanos();
        for (int i = 1; i < failures && d < maxNanos; i++) {
            d = d > maxNanos / 2 ? maxNanos : d * 2;
        }
        return Math.min(d, maxNanos);
    }
}
