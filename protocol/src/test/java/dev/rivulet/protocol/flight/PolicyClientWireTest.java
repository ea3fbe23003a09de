package dev.rivulet.protocol.flight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.testing.DeterministicPolicyService;
import dev.rivulet.protocol.testing.Samples;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the client sends is exactly what the service receives, and vice versa. */
class PolicyClientWireTest {

    private final RecordingPolicyService service =
            new RecordingPolicyService(new DeterministicPolicyService());
    private final PolicyFlightServer server =
            PolicyFlightServer.builder(service).failOnLeak(true).start();
    private final PolicyClient client =
            PolicyClient.connect("127.0.0.1", server.port(), ServerFixture.FAST);

    @AfterEach
    void close() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void requestsArriveUnchanged() {
        client.generate(Samples.requests()).join();
        assertThat(service.generated).isEqualTo(Samples.requests());

        client.score(Samples.scoreRequests()).join();
        assertThat(service.scored).isEqualTo(Samples.scoreRequests());

        client.commit(0).join();
        client.rollback(0).join();
        assertThat(service.versions).containsExactly(0L, 0L);
    }

    @Test
    void trainBatchArrivesWithIdFlagAndRows() {
        ScoredRollout unicode =
                new ScoredRollout(
                        "ü-1",
                        "p",
                        "countdown",
                        0,
                        new int[] {},
                        new int[] {7, 8},
                        new float[] {-0f, -3.5f},
                        -1.0,
                        -0.25,
                        12L);
        TrainBatch batch = new TrainBatch("batch-ü", List.of(Samples.rollout("a"), unicode), false);
        var result = client.train(batch).join();
        assertThat(service.trained).containsExactly(batch);
        assertThat(result.samples()).isEqualTo(2);
        assertThat(result.tokens()).isEqualTo(3);
    }

    @Test
    void answersArriveUnchanged() {
        client.train(Samples.batch("b1", 2)).join();
        var direct = service.delegate;
        assertThat(client.version().join()).isEqualTo(direct.version());
        assertThat(client.ledger().join()).isEqualTo(direct.ledger());
        assertThat(client.checkpoint().join()).isEqualTo(direct.checkpoint());
        assertThat(client.score(Samples.scoreRequests()).join())
                .isEqualTo(direct.score(Samples.scoreRequests()));
        var health = client.health().join();
        var expected = direct.health();
        assertThat(health.status()).isEqualTo(expected.status());
        assertThat(health.policyVersion()).isEqualTo(expected.policyVersion());
        assertThat(health.committedVersion()).isEqualTo(expected.committedVersion());
        assertThat(health.device()).isEqualTo(expected.device());
        assertThat(health.uptimeMillis()).isLessThanOrEqualTo(expected.uptimeMillis());
    }
}
