package dev.rivulet.server.app;

import dev.rivulet.protocol.flight.TlsFiles;
import dev.rivulet.server.service.ServiceConfig;
import java.util.Objects;

/**
 * How to run a {@link ModelServer}.
 *
 * @param host interface the Flight and metrics endpoints bind to ({@code 127.0.0.1} by default)
 * @param port Flight port; 0 picks a free one
 * @param bearerToken token every call must carry, or null for no authentication; never printed
 * @param metricsPort Prometheus port; 0 picks a free one, negative disables the endpoint
 * @param service the policy service's settings
 * @param tls the certificate and key the Flight endpoint serves TLS with, or null for plaintext
 * @param poisonBatch fault injection: the n-th distinct train batch fails (0: none)
 * @param role learner, generator (with its learner) or both ({@link ServerRole})
 */
public record ModelServerConfig(
        String host,
        int port,
        String bearerToken,
        int metricsPort,
        ServiceConfig service,
        TlsFiles tls,
        int poisonBatch,
        ServerRole role) {

    /** A plaintext server. */
    public ModelServerConfig(
            String host, int port, String bearerToken, int metricsPort, ServiceConfig service) {
        this(host, port, bearerToken, metricsPort, service, null, 0, ServerRole.both());
    }

    /** A server without injected faults. */
    public ModelServerConfig(
            String host,
            int port,
            String bearerToken,
            int metricsPort,
            ServiceConfig service,
            TlsFiles tls) {
        this(host, port, bearerToken, metricsPort, service, tls, 0, ServerRole.both());
    }

    /** Checks ports and the token. */
    public ModelServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(service, "service");
        role = role == null ? ServerRole.both() : role;
        if (role.kind() == ServerRole.Kind.GENERATOR && service.checkpointDir() != null) {
            throw new IllegalArgumentException(
                    "a generator keeps no checkpoints (--checkpoint-dir "
                            + service.checkpointDir()
                            + "): the learner at "
                            + role.learnerAddress()
                            + " does");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
        if (metricsPort > 65535) {
            throw new IllegalArgumentException("metricsPort must be <= 65535, got " + metricsPort);
        }
        if (bearerToken != null && bearerToken.isBlank()) {
            throw new IllegalArgumentException("bearerToken must not be blank (use null)");
        }
        if (poisonBatch < 0) {
            throw new IllegalArgumentException("poisonBatch must be >= 0, got " + poisonBatch);
        }
    }

    /** Loopback, free ports for Flight and metrics, no token, the given service settings. */
    public static ModelServerConfig local(ServiceConfig service) {
        return new ModelServerConfig("127.0.0.1", 0, null, 0, service);
    }

    public ModelServerConfig withHost(String v) {
        return new ModelServerConfig(
                v, port, bearerToken, metricsPort, service, tls, poisonBatch, role);
    }

    public ModelServerConfig withPort(int v) {
        return new ModelServerConfig(
                host, v, bearerToken, metricsPort, service, tls, poisonBatch, role);
    }

    public ModelServerConfig withBearerToken(String v) {
        return new ModelServerConfig(host, port, v, metricsPort, service, tls, poisonBatch, role);
    }

    public ModelServerConfig withMetricsPort(int v) {
        return new ModelServerConfig(host, port, bearerToken, v, service, tls, poisonBatch, role);
    }

    public ModelServerConfig withService(ServiceConfig v) {
        return new ModelServerConfig(
                host, port, bearerToken, metricsPort, v, tls, poisonBatch, role);
    }

    /** This configuration serving TLS with {@code files} (null: plaintext). */
    public ModelServerConfig withTls(TlsFiles files) {
        return new ModelServerConfig(
                host, port, bearerToken, metricsPort, service, files, poisonBatch, role);
    }

    /**
     * This configuration with fault injection for {@code rivulet chaos}: the {@code n}-th distinct
     * train batch fails on every attempt (0: none; {@link PoisonBatchService}).
     */
    public ModelServerConfig withPoisonBatch(int n) {
        return new ModelServerConfig(host, port, bearerToken, metricsPort, service, tls, n, role);
    }

    /** This configuration with {@code role} (learner, generator or both). */
    public ModelServerConfig withRole(ServerRole v) {
        return new ModelServerConfig(
                host, port, bearerToken, metricsPort, service, tls, poisonBatch, v);
    }

    /** Like the record's, with the token redacted. */
    @Override
    public String toString() {
        return "ModelServerConfig[host="
                + host
                + ", port="
                + port
                + ", bearerToken="
                + (bearerToken == null ? "none" : "(redacted)")
                + ", metricsPort="
                + metricsPort
                + ", tls="
                + (tls == null ? "off" : tls.certChain())
                + ", role="
                + role
                + ", service="
                + service
                + "]";
    }
}
