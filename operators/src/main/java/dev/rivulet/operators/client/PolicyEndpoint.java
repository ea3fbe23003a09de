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
 * @param tls whether calls use TLS
 * @param tlsCaPem with TLS, the PEM certificates to trust (read from {@code rivulet.server.tls-ca}
 *     where the job is built, so TaskManagers need no copy of the file); empty trusts the JVM's
 *     default trust store
 */
public record PolicyEndpoint(
        String host,
        int port,
        String token,
        long deadlineMillis,
        int maxRetries,
        boolean tls,
        String tlsCaPem)
        implements Serializable {

    public PolicyEndpoint {
        Objects.requireNonNull(host, "host");
        token = token == null ? "" : token;
        tlsCaPem = tlsCaPem == null ? "" : tlsCaPem;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535, got " + port);
        }
        if (!tls && !tlsCaPem.isEmpty()) {
            throw new IllegalArgumentException(
                    "a TLS certificate to trust is given but TLS is off (rivulet.server.tls)");
        }
    }

    /** A plaintext endpoint. */
    public PolicyEndpoint(
            String host, int port, String token, long deadlineMillis, int maxRetries) {
        this(host, port, token, deadlineMillis, maxRetries, false, "");
    }

    /** This endpoint over TLS, trusting {@code caPem} (empty: the JVM's trust store). */
    public PolicyEndpoint withTls(String caPem) {
        return new PolicyEndpoint(host, port, token, deadlineMillis, maxRetries, true, caPem);
    }

    public static PolicyEndpoint local(int port) {
        return new PolicyEndpoint("127.0.0.1", port, "", 60_000, 3);
    }

    public Duration deadline() {
        return Duration.ofMillis(deadlineMillis);
    }

    @Override
    public String toString() {
        return "PolicyEndpoint["
                + host
                + ":"
                + port
                + (token.isEmpty() ? "" : ", token=***")
                + (tls ? ", tls" : "")
                + "]";
    }
}
