package dev.rivulet.protocol.flight;

import dev.rivulet.protocol.testing.DeterministicPolicyService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link DeterministicPolicyService} served on a loopback port, plus the clients a test opens;
 * {@link #close()} closes clients, then the server (whose allocator throws on a leak).
 */
final class ServerFixture implements AutoCloseable {

    static final PolicyClient.Options FAST =
            PolicyClient.Options.defaults()
                    .withDeadline(Duration.ofSeconds(20))
                    .withBackoff(Duration.ofMillis(5), Duration.ofMillis(20));

    final DeterministicPolicyService service = new DeterministicPolicyService();
    final PolicyFlightServer server;
    private final List<PolicyClient> clients = new ArrayList<>();

    ServerFixture() {
        this(null);
    }

    ServerFixture(String token) {
        this.server =
                PolicyFlightServer.builder(service)
                        .port(0)
                        .bearerToken(token)
                        .failOnLeak(true)
                        .start();
    }

    PolicyClient client() {
        return client(FAST);
    }

    PolicyClient client(PolicyClient.Options options) {
        PolicyClient client = PolicyClient.connect("127.0.0.1", server.port(), options);
        clients.add(client);
        return client;
    }

    @Override
    public void close() throws Exception {
        for (int i = clients.size() - 1; i >= 0; i--) {
            clients.get(i).close();
        }
        server.close();
    }
}
