package dev.rivulet.protocol.flight;

import static dev.rivulet.protocol.flight.PolicyFlightServerErrorsTest.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.protocol.TrainResult;
import dev.rivulet.protocol.error.PolicyUnavailableException;
import dev.rivulet.protocol.testing.DeterministicPolicyService;
import dev.rivulet.protocol.testing.ErrorLogCapture;
import dev.rivulet.protocol.testing.Samples;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A client closed while a train call is in flight (an operator closing at the end of a job) logs no
 * ERROR: the server's answer, which arrives after the call was abandoned, is released as it arrives
 * instead of waiting in a closed listener, so the Flight client's allocator closes empty (before,
 * Arrow logged {@code ERROR BaseAllocator - Memory was leaked by query} for it).
 */
class PolicyClientQuietCloseTest {

    @Test
    void closingWithATrainCallInFlightLogsNoError() throws Exception {
        DeterministicPolicyService service =
                new DeterministicPolicyService().withDelay(Duration.ofSeconds(30));
        try (ErrorLogCapture log = ErrorLogCapture.open();
                PolicyFlightServer server =
                        PolicyFlightServer.builder(service).failOnLeak(true).start()) {
            PolicyClient client =
                    PolicyClient.connect("127.0.0.1", server.port(), ServerFixture.FAST);
            CompletableFuture<TrainResult> train = client.train(Samples.batch("b1", 2));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (service.callCount("train") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(service.callCount("train")).as("the server is in the train call").isOne();
            // the server answers while the client is closing
            Thread answer =
                    new Thread(
                            () -> {
                                try {
                                    Thread.sleep(300);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                                service.releaseDelays();
                            });
            answer.start();
            client.close();
            answer.join();
            assertThat(failure(train))
                    .isInstanceOf(PolicyUnavailableException.class)
                    .hasMessageContaining("closed");
            assertThat(log.errors()).as("ERROR lines of the close").isEmpty();
        }
    }
}
