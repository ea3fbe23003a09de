package dev.rivulet.operators.client;

import dev.rivulet.protocol.fleet.ClientEndpoint;
import dev.rivulet.protocol.fleet.FailoverBackoff;
import dev.rivulet.protocol.fleet.FleetRefresher;
import dev.rivulet.protocol.fleet.GeneratorAddress;
import dev.rivulet.protocol.fleet.GeneratorPool;
import dev.rivulet.protocol.fleet.GeneratorSpec;
import dev.rivulet.protocol.fleet.HostResolver;
import dev.rivulet.protocol.flight.PolicyClient;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens a {@link PolicyClient} for a {@link PolicyEndpoint} (one per operator instance), or a
 * {@link GeneratorPool} over a fleet's generators called as that endpoint is (token, TLS, deadline,
 * retries).
 */
public final class PolicyClients {

    private PolicyClients() {}

    public static PolicyClient open(PolicyEndpoint endpoint) {
        return PolicyClient.connect(endpoint.host(), endpoint.port(), options(endpoint));
    }

    /**
     * A pool over the generators of {@code fleet}, resolved here (DNS entries on the TaskManager
     * that opens it), each called with {@code endpoint}'s token, TLS, deadline and retries; its DNS
     * entries are resolved again every {@code refresh} (zero: never) and the pool follows them.
     *
     * @throws UnknownHostException when a DNS entry resolves to nothing; the message names it
     */
    public static GeneratorPool openPool(
            PolicyEndpoint endpoint, GeneratorSpec fleet, Duration refresh) throws Exception {
        return openPool(
                endpoint,
                fleet,
                HostResolver.system(),
                FailoverBackoff.defaults(),
                refresh,
                FleetRefresher.Scheduler.daemon("generator-fleet-refresh"));
    }

    /**
     * {@link #openPool(PolicyEndpoint, GeneratorSpec, Duration)} with a given resolver, backoff and
     * scheduler of the refreshes.
     */
    public static GeneratorPool openPool(
            PolicyEndpoint endpoint,
            GeneratorSpec fleet,
            HostResolver resolver,
            FailoverBackoff backoff,
            Duration refresh,
            FleetRefresher.Scheduler scheduler)
            throws Exception {
        PolicyClient.Options options = options(endpoint);
        List<ClientEndpoint> endpoints = new ArrayList<>();
        for (GeneratorAddress address : fleet.resolve(resolver)) {
            endpoints.add(ClientEndpoint.open(address, options));
        }
        GeneratorPool pool = new GeneratorPool(endpoints, backoff, System::nanoTime);
        try {
            FleetRefresher.start(
                    fleet,
                    resolver,
                    pool,
                    address -> ClientEndpoint.open(address, options),
                    refresh,
                    scheduler);
        } catch (Exception e) {
            try {
                pool.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return pool;
    }

    private static PolicyClient.Options options(PolicyEndpoint endpoint) {
        PolicyClient.Options options =
                PolicyClient.Options.defaults()
                        .withDeadline(endpoint.deadline())
                        .withMaxRetries(endpoint.maxRetries());
        if (!endpoint.token().isEmpty()) {
            options = options.withBearerToken(endpoint.token());
        }
        if (endpoint.tls()) {
            options = options.withTls(endpoint.tlsCaPem().isEmpty() ? null : endpoint.tlsCaPem());
        }
        return options;
    }
}
