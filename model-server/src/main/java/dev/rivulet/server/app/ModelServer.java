package dev.rivulet.server.app;

import dev.rivulet.protocol.error.PolicyUnavailableException;
import dev.rivulet.protocol.flight.PolicyClient;
import dev.rivulet.protocol.flight.PolicyFlightServer;
import dev.rivulet.protocol.flight.PolicyService;
import dev.rivulet.server.metrics.MeteredPolicyService;
import dev.rivulet.server.metrics.ServerMetrics;
import dev.rivulet.server.service.DjlPolicyService;
import dev.rivulet.server.service.GeneratorService;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running model server: the {@link DjlPolicyService} (behind a {@link GeneratorService} for
 * {@code --role generator}), its metrics decorator, the Arrow Flight endpoint and the Prometheus
 * endpoint. {@link #close()} stops them in reverse order.
 *
 * <pre>{@code
 * try (ModelServer server = ModelServer.start(ModelServerConfig.local(ServiceConfig.defaults()))) {
 *     PolicyClient client = PolicyClient.connect("127.0.0.1", server.port(), options);
 *     ...
 * }
 * }</pre>
 *
 * <p>In-process callers may skip Flight and call {@link #service()} directly; it is the metered
 * service, so both paths count the same way.
 */
public final class ModelServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelServer.class);

    private final ModelServerConfig config;
    private final DjlPolicyService policy;
    private final GeneratorService generator;
    private final PolicyService service;
    private final HTTPServer metricsServer;
    private final PolicyFlightServer flight;

    private ModelServer(
            ModelServerConfig config,
            DjlPolicyService policy,
            GeneratorService generator,
            PolicyService service,
            HTTPServer metricsServer,
            PolicyFlightServer flight) {
        this.config = config;
        this.policy = policy;
        this.generator = generator;
        this.service = service;
        this.metricsServer = metricsServer;
        this.flight = flight;
    }

    /**
     * Builds the policy service (restoring a checkpoint or base model as configured), then starts
     * the metrics endpoint and the Flight endpoint; whatever started is closed again on failure.
     *
     * @throws IOException if a checkpoint or model directory cannot be read, or a port not bound
     */
    public static ModelServer start(ModelServerConfig config) throws IOException {
        // a generator builds no learner state: no optimizer, reference, snapshots or ledger
        DjlPolicyService policy =
                config.role().kind() == ServerRole.Kind.GENERATOR
                        ? DjlPolicyService.openForGeneration(config.service())
                        : DjlPolicyService.open(config.service());
        HTTPServer metricsServer = null;
        GeneratorService generator = null;
        try {
            PolicyService base = policy;
            if (config.role().kind() == ServerRole.Kind.GENERATOR) {
                generator = openGenerator(policy, config.role());
                base = generator;
            }
            PrometheusRegistry registry = new PrometheusRegistry();
            ServerMetrics metrics =
                    new ServerMetrics(
                            registry,
                            policy::queueDepth,
                            policy::ledgerRolloutsInMemory,
                            policy::lastKlBeta,
                            policy::lastKlReference,
                            policy.trainSteps());
            PolicyService service = new MeteredPolicyService(base, metrics);
            if (config.poisonBatch() > 0) {
                LOG.warn(
                        "fault injection: train batch number {} will fail on every attempt",
                        config.poisonBatch());
                service = new PoisonBatchService(service, config.poisonBatch());
            }
            if (config.metricsPort() >= 0) {
                metricsServer =
                        HTTPServer.builder()
                                .hostname(config.host())
                                .port(config.metricsPort())
                                .registry(registry)
                                .buildAndStart();
            }
            PolicyFlightServer flight =
                    PolicyFlightServer.builder(service)
                            .host(config.host())
                            .port(config.port())
                            .bearerToken(config.bearerToken())
                            .tls(config.tls())
                            .start();
            ModelServer server =
                    new ModelServer(config, policy, generator, service, metricsServer, flight);
            LOG.info(
                    "model server on {}:{} (role {}, auth {}, TLS {}), metrics port {}",
                    config.host(),
                    server.port(),
                    config.role(),
                    config.bearerToken() == null ? "off" : "on",
                    config.tls() == null ? "off" : "on",
                    server.metricsPort());
            return server;
        } catch (IOException | RuntimeException e) {
            if (metricsServer != null) {
                metricsServer.close();
            }
            closeGenerator(generator);
            policy.close();
            throw e;
        }
    }

    /**
     * Connects to the learner (with its token, and TLS when configured) and pulls its current
     * version; the client is closed on failure.
     */
    private static GeneratorService openGenerator(DjlPolicyService policy, ServerRole role) {
        PolicyClient learner =
                PolicyClient.connect(
                        role.learnerHost(), role.learnerPort(), role.learnerClientOptions());
        try {
            return GeneratorService.start(policy, learner, role.learnerAddress(), role.maxLag());
        } catch (RuntimeException e) {
            try {
                learner.close();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            if (e instanceof PolicyUnavailableException && !role.learnerTls()) {
                throw new PolicyUnavailableException(
                        e.getMessage()
                                + " (this generator connects to the learner in plaintext; if the"
                                + " learner serves TLS, start it with --learner-tls-ca FILE or"
                                + " --learner-tls)",
                        e);
            }
            throw e;
        }
    }

    private static void closeGenerator(GeneratorService generator) {
        if (generator == null) {
            return;
        }
        try {
            generator.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The generator role's service (fetches, held version), or empty for a learner or both. */
    public Optional<GeneratorService> generator() {
        return Optional.ofNullable(generator);
    }

    /** The Flight port (the chosen one when configured with 0). */
    public int port() {
        return flight.port();
    }

    /** The Prometheus port (the chosen one when configured with 0), or -1 when disabled. */
    public int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.getPort();
    }

    /** The host both endpoints bind to. */
    public String host() {
        return config.host();
    }

    /** The metered policy service, for in-process calls. */
    public PolicyService service() {
        return service;
    }

    /** The DJL service underneath (shape, tokenizer, queue depth). */
    public DjlPolicyService policyService() {
        return policy;
    }

    /** Stops Flight (draining running calls), then the metrics endpoint, then frees the model. */
    @Override
    public void close() {
        try {
            flight.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                if (metricsServer != null) {
                    metricsServer.close();
                }
            } finally {
                closeGenerator(generator);
                policy.close();
            }
        }
    }
}
