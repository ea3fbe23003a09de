package dev.rivulet.protocol.flight;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves any {@link PolicyService} over Arrow Flight: generate by DoExchange, train by DoPut, the
 * rest as JSON actions, optionally behind a bearer token and over TLS ({@link Builder#tls}).
 *
 * <p>The server owns its allocator; {@link #close()} stops the server, then closes the allocator,
 * which throws if any buffer leaked.
 */
public final class PolicyFlightServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyFlightServer.class);
    private static final long DRAIN_MILLIS = 10_000;

    private final BufferAllocator allocator;
    private final PolicyProducer producer;
    private final FlightServer server;
    private final boolean failOnLeak;

    private PolicyFlightServer(Builder builder) throws IOException {
        this.failOnLeak = builder.failOnLeak;
        this.allocator = new RootAllocator(builder.memoryLimit);
        this.producer = new PolicyProducer(builder.service, allocator);
        FlightServer started = null;
        try {
            Location location =
                    builder.tls == null
                            ? Location.forGrpcInsecure(builder.host, builder.port)
                            : Location.forGrpcTls(builder.host, builder.port);
            FlightServer.Builder flight = FlightServer.builder(allocator, location, producer);
            if (builder.tls != null) {
                flight.useTls(builder.tls.certChain().toFile(), builder.tls.privateKey().toFile());
            }
            if (builder.bearerToken != null) {
                flight.headerAuthenticator(new BearerTokenAuthenticator(builder.bearerToken));
            }
            started = flight.build().start();
        } catch (IOException | RuntimeException e) {
            allocator.close();
            throw e;
        }
        this.server = started;
    }

    /** A builder for a server around {@code service}. */
    public static Builder builder(PolicyService service) {
        return new Builder(service);
    }

    /** The port the server listens on (the chosen one when built with port 0). */
    public int port() {
        return server.getPort();
    }

    /**
     * Stops the server, waits (up to 10 s) for handlers still running in the service, then closes
     * the allocator, which throws if a buffer leaked.
     */
    @Override
    public void close() throws InterruptedException {
        boolean drained = true;
        try {
            server.close(); // shutdown, wait up to 3 s for running calls, then shutdownNow
            drained = producer.awaitIdle(DRAIN_MILLIS);
            if (!drained) {
                LOG.warn("policy service calls still running {} ms after shutdown", DRAIN_MILLIS);
            }
            // gRPC releases the buffers of cancelled streams on its own threads: give it a moment
            long deadline = System.nanoTime() + DRAIN_MILLIS * 1_000_000L;
            while (allocator.getAllocatedMemory() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } finally {
            try {
                allocator.close();
            } catch (IllegalStateException leak) {
                if (failOnLeak) {
                    throw leak;
                }
                // Streams a client abandoned mid-call (a job cancelled or failing over) can leave
                // buffers gRPC never hands back; that is not a leak of ours, so warn, don't fail.
                LOG.warn(
                        "closed with buffers of abandoned calls outstanding: {}",
                        leak.getMessage());
            }
        }
    }

    /** Configures and starts a {@link PolicyFlightServer}. */
    public static final class Builder {

        private final PolicyService service;
        private String host = "127.0.0.1";
        private int port;
        private String bearerToken;
        private long memoryLimit = Long.MAX_VALUE;
        private boolean failOnLeak;
        private TlsFiles tls;

        private Builder(PolicyService service) {
            this.service = Objects.requireNonNull(service, "service");
        }

        /** Interface to bind; defaults to loopback {@code 127.0.0.1}. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Port to bind; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
            }
            this.port = port;
            return this;
        }

        /** Requires {@code Authorization: Bearer <token>} on every call; null disables auth. */
        public Builder bearerToken(String token) {
            if (token != null && token.isEmpty()) {
                throw new IllegalArgumentException("bearerToken must not be empty (use null)");
            }
            this.bearerToken = token;
            return this;
        }

        /**
         * Serves TLS with {@code files}' certificate and key (clients must connect with TLS and
         * trust the certificate); null (the default) serves plaintext.
         */
        public Builder tls(TlsFiles files) {
            this.tls = files;
            return this;
        }

        /** Upper bound on the Arrow memory the server may hold; unbounded by default. */
        public Builder memoryLimit(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("memoryLimit must be > 0, got " + bytes);
            }
            this.memoryLimit = bytes;
            return this;
        }

        /**
         * Makes {@link #close()} throw when Arrow memory is still allocated after the calls have
         * drained (tests use it to catch leaks); by default buffers that gRPC keeps for streams a
         * client abandoned are only logged, since a cancelled job leaves such streams behind.
         */
        public Builder failOnLeak(boolean value) {
            this.failOnLeak = value;
            return this;
        }

        /** Binds and starts the server. */
        public PolicyFlightServer start() {
            try {
                return new PolicyFlightServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot start policy server on " + host + ":" + port, e);
            }
        }
    }
}
