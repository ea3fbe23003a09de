package dev.rivulet.protocol.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.flight.PolicyClient;
import dev.rivulet.protocol.flight.PolicyFlightServer;
import dev.rivulet.protocol.testing.DeterministicPolicyService;
import dev.rivulet.protocol.testing.Samples;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pool over real {@link PolicyClient}s: a generator whose port is closed fails over. */
class GeneratorPoolWireTest {

    private static final PolicyClient.Options FAST =
            PolicyClient.Options.defaults()
                    .withDeadline(Duration.ofSeconds(20))
                    .withMaxRetries(1)
                    .withBackoff(Duration.ofMillis(5), Duration.ofMillis(20));

    @Test
    void aCallToAStoppedGeneratorIsAnsweredByTheLiveOne() throws Exception {
        int deadPort;
        try (PolicyFlightServer gone =
                PolicyFlightServer.builder(new DeterministicPolicyService()).start()) {
            deadPort = gone.port();
        }
        DeterministicPolicyService live = new DeterministicPolicyService();
        try (PolicyFlightServer server = PolicyFlightServer.builder(live).start();
                GeneratorPool pool =
                        new GeneratorPool(
                                List.of(
                                        ClientEndpoint.open(
                                                new GeneratorAddress("127.0.0.1", deadPort), FAST),
                                        ClientEndpoint.open(
                                                new GeneratorAddress("127.0.0.1", server.port()),
                                                FAST)),
                                FailoverBackoff.defaults(),
                                System::nanoTime)) {
            // the tie goes to the first generator, the stopped one
            List<Completion> got = pool.generate(Samples.requests()).get(30, TimeUnit.SECONDS);

            assertThat(got).isNotEmpty();
            assertThat(got.stream().map(Completion::requestId).distinct())
                    .containsExactlyInAnyOrder("r1", "r2", "r3", "r4");
            assertThat(live.callCount("generate")).isEqualTo(1);
            assertThat(pool.status())
                    .containsExactly(
                            new EndpointStatus("127.0.0.1:" + deadPort, 0, true, 1),
                            new EndpointStatus("127.0.0.1:" + server.port(), 0, false, 0));
        }
    }
}
