package dev.rivulet.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.LedgerEntry;
import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.arrow.ArrowCodec;
import dev.rivulet.protocol.flight.FlightNames;
import dev.rivulet.protocol.flight.PolicyClient;
import dev.rivulet.protocol.flight.PolicyErrorCode;
import dev.rivulet.protocol.flight.PolicyException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.SyncPutListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each kind of bad input gets a Flight error code and a message naming the problem, applies nothing
 * (version and ledger unchanged), and leaves the server serving.
 */
class ModelServerBadInputITCase {

    private static final String TOKEN = "s3cret-token";
    private static TinyServer server;
    private static PolicyClient client;
    private static List<Completion> good;
    private static BufferAllocator allocator;
    private static FlightClient raw;
    private static PolicyVersion versionBefore;
    private static List<LedgerEntry> ledgerBefore;

    @BeforeAll
    static void start() throws Exception {
        server = new TinyServer(TOKEN, null);
        client = server.client(TOKEN);
        good = client.generate(List.of(TinyServer.request("a", "12+34=", 2, false))).join();
        client.train(TinyServer.batch("b0", good)).join();
        allocator = new RootAllocator();
        raw =
                FlightClient.builder(
                                allocator,
                                Location.forGrpcInsecure("127.0.0.1", server.server.port()))
                        .build();
    }

    @AfterAll
    static void stop() throws Exception {
        raw.close();
        allocator.close();
        server.close();
    }

    @AfterEach
    void nothingAppliedAndStillServing() {
        assertThat(client.health().join().status()).isEqualTo("ok");
        assertThat(client.version().join())
                .usingRecursiveComparison()
                .ignoringFields("lineage")
                .isEqualTo(versionBefore());
        assertThat(client.ledger().join()).isEqualTo(ledgerBefore());
        assertThat(client.generate(List.of(TinyServer.request("ok", "1+1=", 1, true))).join())
                .hasSize(1);
    }

    private static PolicyVersion versionBefore() {
        if (versionBefore == null) {
            versionBefore = new PolicyVersion(1, 0);
        }
        return versionBefore;
    }

    private static List<LedgerEntry> ledgerBefore() {
        if (ledgerBefore == null) {
            ledgerBefore =
                    List.of(new LedgerEntry("b0-r0", "b0", 1), new LedgerEntry("b0-r1", "b0", 1));
        }
        return ledgerBefore;
    }

    private static PolicyException failure(CompletableFuture<?> future) {
        Throwable e = future.handle((r, t) -> t).join();
        assertThat(e).isNotNull();
        Throwable cause = e instanceof CompletionException ? e.getCause() : e;
        assertThat(cause).isInstanceOf(PolicyException.class);
        return (PolicyException) cause;
    }

    private static void assertInvalid(CompletableFuture<?> future, String... fragments) {
        PolicyException e = failure(future);
        assertThat(e.code()).isEqualTo(PolicyErrorCode.INVALID_REQUEST);
        assertThat(e).hasMessageContaining("INVALID_ARGUMENT");
        for (String f : fragments) {
            assertThat(e).hasMessageContaining(f);
        }
    }

    private static CallOption auth() {
        CallHeaders h = new FlightCallHeaders();
        h.insert("authorization", "Bearer " + TOKEN);
        return new HeaderCallOption(h);
    }

    private static ScoredRollout row(String id, int[] prompt, int[] resp, float[] lp, double adv) {
        return new ScoredRollout(id, "p", "arith", 1, prompt, resp, lp, 0, adv, 0);
    }

    /** Puts {@code batch} after {@code edit} changed the encoded root; returns the failure. */
    private static FlightRuntimeException rawTrain(
            TrainBatch batch, Consumer<VectorSchemaRoot> edit) throws Exception {
        try (VectorSchemaRoot root = ArrowCodec.encodeTrainBatch(batch, allocator);
                SyncPutListener listener = new SyncPutListener()) {
            edit.accept(root);
            FlightClient.ClientStreamListener writer =
                    raw.startPut(FlightDescriptor.path(FlightNames.TRAIN), root, listener, auth());
            if (root.getRowCount() > 0) {
                writer.putNext();
            }
            writer.completed();
            try {
                writer.getResult();
            } catch (FlightRuntimeException e) {
                return e;
            }
            throw new AssertionError("the put was accepted");
        }
    }

    @Test
    void wrongSchema() throws Exception {
        try (VectorSchemaRoot root =
                        ArrowCodec.encodeScoreRequests(
                                List.of(new ScoreRequest("s", new int[] {1}, new int[] {2})),
                                allocator);
                SyncPutListener listener = new SyncPutListener()) {
            FlightClient.ClientStreamListener writer =
                    raw.startPut(FlightDescriptor.path(FlightNames.TRAIN), root, listener, auth());
            writer.putNext();
            writer.completed();
            assertThatThrownBy(writer::getResult)
                    .isInstanceOfSatisfying(
                            FlightRuntimeException.class,
                            e ->
                                    assertThat(e.status().code())
                                            .isEqualTo(FlightStatusCode.INVALID_ARGUMENT))
                    .hasMessageContaining("train batch schema mismatch");
        }
    }

    @Test
    void tokenIdOutsideTheVocabulary() {
        Completion c = good.get(0);
        int[] resp = c.tokens();
        resp[0] = 10_000;
        TrainBatch b =
                new TrainBatch(
                        "bad-vocab",
                        List.of(row("v1", c.promptTokens(), resp, c.logprobs(), 1)),
                        false);
        assertInvalid(client.train(b), "bad-vocab", "token id 10000", "outside the vocabulary");
        assertInvalid(
                client.score(List.of(new ScoreRequest("sq", new int[] {1, 99_999}, new int[] {3}))),
                "sq",
                "outside the vocabulary");
    }

    @Test
    void unknownCharacterInPrompt() {
        assertInvalid(
                client.generate(List.of(TinyServer.request("odd", "12€34", 1, false))), "odd", "€");
    }

    @Test
    void nanOrInfiniteLogprob() {
        Completion c = good.get(0);
        float[] lp = c.logprobs();
        lp[0] = Float.NaN;
        assertInvalid(
                client.train(
                        new TrainBatch(
                                "bad-lp",
                                List.of(row("l1", c.promptTokens(), c.tokens(), lp, 1)),
                                false)),
                "bad-lp",
                "log-prob NaN");
        lp[0] = Float.NEGATIVE_INFINITY;
        assertInvalid(
                client.train(
                        new TrainBatch(
                                "bad-lp2",
                                List.of(row("l2", c.promptTokens(), c.tokens(), lp, 1)),
                                false)),
                "bad-lp2",
                "-Infinity");
    }

    @Test
    void nanOrInfiniteAdvantage() throws Exception {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            FlightRuntimeException e =
                    rawTrain(
                            TinyServer.batch("bad-adv", good),
                            root -> ((Float8Vector) root.getVector("advantage")).set(1, bad));
            assertThat(e.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
            assertThat(e).hasMessageContaining("advantage must be finite");
        }
    }

    @Test
    void emptyBatch() throws Exception {
        FlightRuntimeException e =
                rawTrain(TinyServer.batch("empty", good), root -> root.setRowCount(0));
        assertThat(e.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
        assertThat(e).hasMessageContaining("rows must not be empty");
    }

    @Test
    void sequenceLongerThanTheContext() {
        Completion c = good.get(0);
        int[] resp = new int[16];
        java.util.Arrays.fill(resp, c.tokens()[0]);
        assertInvalid(
                client.train(
                        new TrainBatch(
                                "too-long",
                                List.of(row("t1", c.promptTokens(), resp, new float[16], 1)),
                                false)),
                "too-long",
                "longer than the context 16");
        assertInvalid(
                client.generate(List.of(TinyServer.request("long", "1234567890+12345=", 1, true))),
                "long",
                "leaves no room in the context of 16");
    }

    @Test
    void oversizedBatch() {
        List<Completion> many = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            many.add(good.get(i % good.size()));
        }
        assertInvalid(client.train(TinyServer.batch("big", many)), "big", "oversized batch of 9");
        GenerationRequest huge = TinyServer.request("huge", "1+1=", 17, false);
        assertInvalid(client.generate(List.of(huge)), "oversized batch of 17 sequences");
    }

    @Test
    void missingOrWrongToken() {
        for (String token : new String[] {null, "wrong"}) {
            PolicyClient other = server.client(token);
            PolicyException e = failure(other.version());
            assertThat(e.code()).isEqualTo(PolicyErrorCode.UNAUTHENTICATED);
            assertThat(failure(other.train(TinyServer.batch("unauth", good))).code())
                    .isEqualTo(PolicyErrorCode.UNAUTHENTICATED);
        }
    }

    @Test
    void unknownAction() {
        assertThatThrownBy(() -> raw.doAction(new Action("teleport"), auth()).hasNext())
                .isInstanceOfSatisfying(
                        FlightRuntimeException.class,
                        e ->
                                assertThat(e.status().code())
                                        .isEqualTo(FlightStatusCode.UNIMPLEMENTED))
                .hasMessageContaining("unknown action 'teleport'");
        byte[] body = "{\"version\": \"x\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(
                        () -> raw.doAction(new Action(FlightNames.COMMIT, body), auth()).hasNext())
                .hasMessageContaining("malformed JSON body for action commit");
    }

    @Test
    void rollbackOrCommitOutsideTheHeldRange() {
        assertInvalid(
                client.rollback(5), "cannot roll back to version 5", "allowed versions are 0..1");
        assertInvalid(client.commit(9), "cannot commit version 9", "current version is 1");
    }

    @Test
    void checkpointWithoutADirectoryIsRefused() {
        assertInvalid(client.checkpoint(), "--checkpoint-dir");
    }

    @Test
    void rejectionsAreCountedByCode() throws Exception {
        assertInvalid(client.rollback(7), "cannot roll back to version 7");
        assertThat(server.scrape())
                .containsPattern("rivulet_server_errors_total\\{code=\"INVALID_REQUEST\"\\} [1-9]");
    }
}
