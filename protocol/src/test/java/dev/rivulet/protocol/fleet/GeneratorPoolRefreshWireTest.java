package dev.rivulet.protocol.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.flight.PolicyClient;
import dev.rivulet.protocol.flight.PolicyFlightServer;
import dev.rivulet.protocol.testing.DeterministicPolicyService;
import dev.rivulet.protocol.testing.Samples;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A refreshed pool over real Flight servers: a second generator appears under the same DNS name (a
 * fake resolver, two loopback addresses on one port) and takes calls; the first one leaves and is
 * closed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GeneratorPoolRefreshWireTest {

    private static final PolicyClient.Options FAST =
            PolicyClient.Options.defaults()
                    .withDeadline(Duration.ofSeconds(20))
                    .withMaxRetries(1)
                    .withBackoff(Duration.ofMillis(5), Duration.ofMillis(20));

    @Test
    void aGeneratorThatAppearsUnderTheNameTakesCalls() throws Exception {
        DeterministicPolicyService first = new DeterministicPolicyService();
        DeterministicPolicyService second = new DeterministicPolicyService();
        AtomicReference<List<String>> answer = new AtomicReference<>(List.of("127.0.0.1"));
        HostResolver resolver = host -> answer.get();
        try (PolicyFlightServer s1 = PolicyFlightServer.builder(first).host("127.0.0.1").start();
                PolicyFlightServer s2 =
                        PolicyFlightServer.builder(second)
                                .host("127.0.0.2")
                                .port(s1.port())
                                .start()) {
            GeneratorSpec spec = GeneratorSpec.parse("dns:///generators:" + s1.port());
            List<GenerateEndpoint> endpoints = new ArrayList<>();
            for (GeneratorAddress a : spec.resolve(resolver)) {
                endpoints.add(ClientEndpoint.open(a, FAST));
            }
            try (GeneratorPool pool =
                    new GeneratorPool(endpoints, FailoverBackoff.defaults(), System::nanoTime)) {
                FleetRefresher refresher =
                        new FleetRefresher(spec, resolver, pool, a -> ClientEndpoint.open(a, FAST));
                generate(pool);
                assertThat(first.callCount("generate")).isEqualTo(1);

                answer.set(List.of("127.0.0.1", "127.0.0.2")); // the Deployment scaled to 2
                assertThat(refresher.refresh().added()).containsExactly("127.0.0.2:" + s1.port());
                generate(pool); // a tie: round robin, past the first
                generate(pool);

                assertThat(second.callCount("generate")).isEqualTo(1);
                assertThat(first.callCount("generate")).isEqualTo(2);

                answer.set(List.of("127.0.0.2")); // and back to 1: the first pod went
                assertThat(refresher.refresh().removed()).containsExactly("127.0.0.1:" + s1.port());
                generate(pool);
                generate(pool);
                assertThat(second.callCount("generate")).isEqualTo(3);
                assertThat(first.callCount("generate")).isEqualTo(2);
                assertThat(pool.status())
                        .containsExactly(new EndpointStatus("127.0.0.2:" + s1.port(), 0, false, 0));
            }
        }
    }

    private static void generate(GeneratorPool pool) throws Exception {
        List<Completion> got = pool.generate(Samples.requests()).get(30, TimeUnit.SECONDS);
        assertThat(got).isNotEmpty();
    }
}
