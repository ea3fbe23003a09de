package dev.rivulet.operators.client;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a model server listens and how to call it; serialisable so it travels in the job graph.
 *
 * @param host host name or address
 * @param port Flight port
 * @param token bearer token, or empty for none (never logged)
 * @param deadlineMillis deadline of one call
 * @param maxRetries retries of a call that failed with a transient error
 */
public record PolicyEndpoint(
        String host, int port, String token, long deadlineMillis, int maxRetries)
        implements Serializable {

    public PolicyEndpoint {
        Objects.requireNonNull(host, "host");
        token = token == null ? "" : token;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535, got " + port);
        }
    }

    public static PolicyEndpoint local(int port) {
        return new PolicyEndpoint("127.0.0.1", port, "", 60_000, 3);
    }

    public Duration deadline() {
        return Duration.ofMillis(deadlineMillis);
    }

    @Override
    public String toString() {
        return "PolicyEndpoint[" + host + ":" + port + (token.isEmpty() ? "" : ", token=***") + "]";
    }
}
