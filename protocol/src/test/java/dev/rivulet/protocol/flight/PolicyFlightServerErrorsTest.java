package dev.rivulet.protocol.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.protocol.arrow.ArrowCodec;
import dev.rivulet.protocol.error.PolicyErrorCode;
import dev.rivulet.protocol.error.PolicyException;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.protocol.error.PolicyServerException;
import dev.rivulet.protocol.testing.Samples;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.SyncPutListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad requests sent through a raw Flight client, and service failures seen by PolicyClient. */
class PolicyFlightServerErrorsTest {

    private final ServerFixture fixture = new ServerFixture();
    private final PolicyClient client = fixture.client();
    private final BufferAllocator allocator = new RootAllocator();
    private final FlightClient raw =
            FlightClient.builder(
                            allocator, Location.forGrpcInsecure("127.0.0.1", fixture.server.port()))
                    .build();

    @AfterEach
    void close() throws Exception {
        raw.close();
        allocator.close();
        fixture.close();
    }

    static Throwable failure(CompletableFuture<?> future) {
        assertThatThrownBy(future::join).isInstanceOf(CompletionException.class);
        Throwable e = future.handle((r, t) -> t).join();
        return e instanceof CompletionException ? e.getCause() : e;
    }

    private void assertStillServing() {
        assertThat(client.health().join().status()).isEqualTo("ok");
        assertThat(client.generate(Samples.requests()).join()).hasSize(7);
    }

    @Test
    void trainWithWrongSchemaIsInvalidArgumentNamingFields() throws Exception {
        try (VectorSchemaRoot root =
                        ArrowCodec.encodeScoreRequests(Samples.scoreRequests(), allocator);
                SyncPutListener listener = new SyncPutListener()) {
            FlightClient.ClientStreamListener writer =
                    raw.startPut(FlightDescriptor.path(FlightNames.TRAIN), root, listener);
            writer.putNext();
            writer.completed();
            assertThatThrownBy(writer::getResult)
                    .isInstanceOfSatisfying(
                            FlightRuntimeException.class,
                            e ->
                                    assertThat(e.status().code())
                                            .isEqualTo(FlightStatusCode.INVALID_ARGUMENT))
                    .hasMessageContaining("train batch schema mismatch")
                    .hasMessageContaining("expected fields [rollout_id: utf8")
                    .hasMessageContaining("but got [sequence_id: utf8");
        }
        assertStillServing();
    }

    @Test
    void generateWithWrongSchemaIsInvalidArgument() throws Exception {
        try (FlightClient.ExchangeReaderWriter rw =
                        raw.doExchange(FlightDescriptor.path(FlightNames.GENERATE));
                VectorSchemaRoot root =
                        ArrowCodec.encodeCompletions(Samples.completions(), allocator)) {
            rw.getWriter().start(root);
            rw.getWriter().putNext();
            rw.getWriter().completed();
            assertThatThrownBy(() -> rw.getReader().next())
                    .isInstanceOfSatisfying(
                            FlightRuntimeException.class,
                            e ->
                                    assertThat(e.status().code())
                                            .isEqualTo(FlightStatusCode.INVALID_ARGUMENT))
                    .hasMessageContaining("generation request schema mismatch")
                    .hasMessageContaining(
                            "but got [request_id: utf8, prompt_id: utf8, sample_index");
        }
        assertStillServing();
    }

    @Test
    void wrongDescriptorPathIsInvalidArgument() throws Exception {
        try (VectorSchemaRoot root = ArrowCodec.encodeTrainBatch(Samples.batch("b", 1), allocator);
                SyncPutListener listener = new SyncPutListener()) {
            FlightClient.ClientStreamListener writer =
                    raw.startPut(FlightDescriptor.path("trian"), root, listener);
            writer.putNext();
            writer.completed();
            assertThatThrownBy(writer::getResult)
                    .isInstanceOf(FlightRuntimeException.class)
                    .hasMessageContaining("DoPut needs the descriptor path [train]");
        }
        assertStillServing();
    }

    @Test
    void unknownActionIsUnimplementedAndNamed() {
        assertThatThrownBy(() -> raw.doAction(new Action("teleport")).hasNext())
                .isInstanceOfSatisfying(
                        FlightRuntimeException.class,
                        e ->
                                assertThat(e.status().code())
                                        .isEqualTo(FlightStatusCode.UNIMPLEMENTED))
                .hasMessageContaining("unknown action 'teleport'")
                .hasMessageContaining("known actions: [health, version, score");
        assertStillServing();
    }

    @Test
    void malformedActionBodyIsInvalidArgument() {
        byte[] body = "{\"versoin\": 3}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> raw.doAction(new Action(FlightNames.COMMIT, body)).hasNext())
                .isInstanceOfSatisfying(
                        FlightRuntimeException.class,
                        e ->
                                assertThat(e.status().code())
                                        .isEqualTo(FlightStatusCode.INVALID_ARGUMENT))
                .hasMessageContaining("malformed JSON body for action commit");
        assertStillServing();
    }

    @Test
    void serviceRejectionIsTypedAndNotRetried() {
        Throwable e = failure(client.rollback(5));
        assertThat(e)
                .isInstanceOf(PolicyInvalidRequestException.class)
                .hasMessageContaining("rollback failed with INVALID_ARGUMENT")
                .hasMessageContaining("cannot roll back to version 5");
        assertThat(((PolicyException) e).code()).isEqualTo(PolicyErrorCode.INVALID_REQUEST);
        assertThat(fixture.service.callCount("rollback")).isEqualTo(1);
        assertStillServing();
    }

    @Test
    void serviceFailureIsAServerError() {
        fixture.service.failGenerate(true);
        assertThat(failure(client.generate(Samples.requests())))
                .isInstanceOf(PolicyServerException.class)
                .hasMessageContaining("generate failed with INTERNAL")
                .hasMessageContaining("IllegalStateException: injected generate failure");
        assertThat(fixture.service.callCount("generate")).isEqualTo(1);
        fixture.service.failGenerate(false);
        assertStillServing();
    }
}
