package dev.rivulet.protocol.flight;

import static dev.rivulet.protocol.flight.PolicyFlightServerErrorsTest.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.error.PolicyDeadlineException;
import dev.rivulet.protocol.error.PolicyErrorCode;
import dev.rivulet.protocol.error.PolicyException;
import dev.rivulet.protocol.error.PolicyUnavailableException;
import dev.rivulet.protocol.testing.DeterministicPolicyService;
import dev.rivulet.protocol.testing.Samples;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deadlines and an unreachable server surface as typed exceptions. */
class PolicyClientFailureTest {

    @Test
    void slowServiceExceedsTheDeadline() throws Exception {
        try (ServerFixture fixture = new ServerFixture()) {
            PolicyClient impatient =
                    fixture.client(ServerFixture.FAST.withDeadline(Duration.ofMillis(300)));
            // warm the connection and both call paths first: a cold JVM can take longer than the
            // 300 ms deadline to connect, and then nothing reaches the service at all
            for (int i = 0; ; i++) {
                try {
                    impatient.generate(Samples.requests()).join();
                    break;
                } catch (java.util.concurrent.CompletionException e) {
                    if (i == 50) {
                        throw e;
                    }
                    Thread.sleep(100); // still connecting; the channel keeps trying
                }
            }
            impatient.train(Samples.batch("warm", 1)).join();
            int warm = fixture.service.callCount("generate");
            fixture.service.withDelay(Duration.ofSeconds(30));
            Throwable generate = failure(impatient.generate(Samples.requests()));
            Throwable train = failure(impatient.train(Samples.batch("slow", 1)));
            fixture.service.releaseDelays();

            for (Throwable e : List.of(generate, train)) {
                assertThat(e)
                        .isInstanceOf(PolicyDeadlineException.class)
                        .hasMessageContaining("failed with TIMED_OUT");
            }
            assertThat(generate).hasMessageStartingWith("generate failed");
            assertThat(train).hasMessageStartingWith("train failed");
            assertThat(fixture.service.callCount("generate")).isEqualTo(warm + 1); // not retried
            assertThat(fixture.client().health().join().status()).isEqualTo("ok");
        }
    }

    @Test
    void closedServerIsRetriedThenUnavailable() throws Exception {
        DeterministicPolicyService service = new DeterministicPolicyService();
        int port;
        try (PolicyFlightServer server = PolicyFlightServer.builder(service).start()) {
            port = server.port();
        }
        try (PolicyClient client =
                PolicyClient.connect("127.0.0.1", port, ServerFixture.FAST.withMaxRetries(2))) {
            Throwable health = failure(client.health());
            assertThat(health)
                    .isInstanceOf(PolicyUnavailableException.class)
                    .hasMessageContaining("health failed with UNAVAILABLE after 3 attempts");
            assertThat(((PolicyException) health).code()).isEqualTo(PolicyErrorCode.UNAVAILABLE);

            List<Completion> seen = new ArrayList<>();
            long t0 = System.nanoTime();
            assertThat(failure(client.generate(Samples.requests(), seen::add)))
                    .isInstanceOf(PolicyUnavailableException.class)
                    .hasMessageContaining("after 3 attempts");
            assertThat(failure(client.train(Samples.batch("b", 1))))
                    .isInstanceOf(PolicyUnavailableException.class);
            // streams to a server that is down fail as soon as gRPC says so; they do not wait for
            // a ready stream until the deadline (20 s an attempt; 2 minutes for both before)
            assertThat(Duration.ofNanos(System.nanoTime() - t0))
                    .isLessThan(ServerFixture.FAST.deadline());
            assertThat(seen).isEmpty();
        }
    }

    @Test
    void closingWithAnAbandonedCallFailsItAndDoesNotThrow() throws Exception {
        try (ServerFixture fixture = new ServerFixture()) {
            PolicyClient client = fixture.client();
            client.generate(Samples.requests()).join(); // connected
            fixture.service.withDelay(Duration.ofSeconds(30));
            var held = client.train(Samples.batch("held", 1));
            Thread.sleep(200); // the call is on the wire, its buffers with gRPC
            client.close(); // no IllegalStateException from Arrow's allocator, no ERROR log
            fixture.service.releaseDelays();
            assertThat(failure(held))
                    .isInstanceOf(PolicyUnavailableException.class)
                    .hasMessageContaining("policy client was closed");
        }
    }

    @Test
    void closedClientFailsFast() throws Exception {
        try (ServerFixture fixture = new ServerFixture()) {
            PolicyClient client = fixture.client();
            client.close();
            assertThat(failure(client.health()))
                    .isInstanceOf(PolicyUnavailableException.class)
                    .hasMessageContaining("client is closed");
        }
    }
}
