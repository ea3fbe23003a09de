package dev.rivulet.operators.client;

import dev.rivulet.protocol.flight.PolicyClient;

/** Opens a {@link PolicyClient} for a {@link PolicyEndpoint} (one per operator instance). */
public final class PolicyClients {

    private PolicyClients() {}

    public static PolicyClient open(PolicyEndpoint endpoint) {
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
        return PolicyClient.connect(endpoint.host(), endpoint.port(), options);
    }
}
