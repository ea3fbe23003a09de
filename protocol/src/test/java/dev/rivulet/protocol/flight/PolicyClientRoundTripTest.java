package dev.rivulet.protocol.flight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Health;
import dev.rivulet.protocol.LedgerEntry;
import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.TrainResult;
import dev.rivulet.protocol.testing.DeterministicPolicyService;
import dev.rivulet.protocol.testing.Samples;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PolicyClientRoundTripTest {

    private final ServerFixture fixture = new ServerFixture();
    private final PolicyClient client = fixture.client();

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    private List<Completion> direct(List<GenerationRequest> requests) {
        List<Completion> out = new ArrayList<>();
        new DeterministicPolicyService().generate(requests, out::add);
        return out;
    }

    @Test
    void generateReturnsExactlyTheServiceCompletions() {
        List<Completion> got = client.generate(Samples.requests()).join();
        assertThat(got).hasSize(2 + 1 + 3 + 1).isEqualTo(direct(Samples.requests()));
    }

    @Test
    void streamingGenerateDeliversEveryCompletion() {
        List<Completion> seen = Collections.synchronizedList(new ArrayList<>());
        client.generate(Samples.requests(), seen::add).join();
        assertThat(seen).isEqualTo(direct(Samples.requests()));
    }

    @Test
    void admitAnswersEveryRequestInOrderWithTheServiceRules() {
        fixture.service.withContext(16).refuseCharacters("€");
        List<GenerationRequest> requests =
                List.of(
                        Samples.request("ok", "1+2=", 1),
                        Samples.request("long", "123456789", 1),
                        Samples.request("euro", "5€=", 1));
        List<dev.rivulet.protocol.Admission> got = client.admit(requests).join();
        assertThat(got)
                .extracting(dev.rivulet.protocol.Admission::requestId)
                .containsExactly("ok", "long", "euro");
        assertThat(got.get(0).servable()).isTrue();
        assertThat(got.get(0).promptTokens()).isEqualTo(4);
        assertThat(got.get(1).refusal())
                .isEqualTo("too long: 9 prompt tokens + 8 new tokens > context 16");
        assertThat(got.get(2).refusal()).startsWith("cannot be tokenized: ");
        assertThat(client.admit(List.of()).join()).isEmpty();
    }

    @Test
    void generateOfNothingIsEmpty() {
        assertThat(client.generate(List.of()).join()).isEmpty();
    }

    @Test
    void trainRoundTripsAndIsIdempotentPerBatchId() {
        TrainBatch batch = Samples.batch("b1", 3);
        TrainResult first = client.train(batch).join();
        assertThat(first.batchId()).isEqualTo("b1");
        assertThat(first.policyVersion()).isEqualTo(1);
        assertThat(first.samples()).isEqualTo(3);
        assertThat(first.duplicate()).isFalse();

        TrainResult again = client.train(batch).join();
        assertThat(again).isEqualTo(first.asDuplicate());
        assertThat(client.version().join())
                .usingRecursiveComparison()
                .ignoringFields("lineage")
                .isEqualTo(new PolicyVersion(1, 0));
        assertThat(client.ledger().join())
                .extracting(LedgerEntry::rolloutId)
                .containsExactly("b1-0", "b1-1", "b1-2");
    }

    @Test
    void actionsRoundTrip() {
        client.train(Samples.batch("b1", 1)).join();
        Health health = client.health().join();
        assertThat(health.status()).isEqualTo("ok");
        assertThat(health.policyVersion()).isEqualTo(1);
        assertThat(health.device()).isEqualTo("cpu");
        assertThat(client.score(Samples.scoreRequests()).join())
                .isEqualTo(fixture.service.score(Samples.scoreRequests()));
        assertThat(client.checkpoint().join()).isEqualTo(fixture.service.checkpoint());
        assertThat(client.ledger().join()).containsExactly(new LedgerEntry("b1-0", "b1", 1));
    }

    @Test
    void commitAndRollbackForgetLaterBatches() {
        for (String id : List.of("b1", "b2", "b3")) {
            client.train(Samples.batch(id, 2)).join();
        }
        assertThat(client.commit(2).join())
                .usingRecursiveComparison()
                .ignoringFields("lineage")
                .isEqualTo(new PolicyVersion(3, 2));
        assertThat(client.commit(1).join())
                .usingRecursiveComparison()
                .ignoringFields("lineage")
                .isEqualTo(new PolicyVersion(3, 2)); // no-op
        assertThat(client.rollback(2).join())
                .usingRecursiveComparison()
                .ignoringFields("lineage")
                .isEqualTo(new PolicyVersion(2, 2));
        assertThat(client.ledger().join())
                .extracting(LedgerEntry::batchId)
                .containsExactly("b1", "b1", "b2", "b2");

        TrainResult replayed = client.train(Samples.batch("b3", 2)).join();
        assertThat(replayed.duplicate()).isFalse();
        assertThat(replayed.policyVersion()).isEqualTo(3);
    }

    @Test
    void concurrentCallsAllComplete() {
        var futures = new ArrayList<java.util.concurrent.CompletableFuture<List<Completion>>>();
        for (int i = 0; i < 8; i++) {
            futures.add(client.generate(List.of(Samples.request("c" + i, "q" + i, 2))));
        }
        for (int i = 0; i < futures.size(); i++) {
            assertThat(futures.get(i).join())
                    .extracting(Completion::requestId)
                    .containsOnly("c" + i)
                    .hasSize(2);
        }
    }
}
