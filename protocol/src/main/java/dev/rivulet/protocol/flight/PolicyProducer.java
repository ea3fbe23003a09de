package dev.rivulet.protocol.flight;

import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.LedgerEntry;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.TrainResult;
import dev.rivulet.protocol.arrow.ArrowCodec;
import dev.rivulet.protocol.arrow.Schemas;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.ActionType;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Adapts a {@link PolicyService} to Flight's producer callbacks: exchange, put and actions. */
final class PolicyProducer extends NoOpFlightProducer {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyProducer.class);

    private final PolicyService service;
    private final BufferAllocator allocator;
    private int active; // calls whose handler is still running; guarded by this

    PolicyProducer(PolicyService service, BufferAllocator allocator) {
        this.service = service;
        this.allocator = allocator;
    }

    @Override
    public void doExchange(CallContext context, FlightStream reader, ServerStreamListener writer) {
        enter();
        try {
            requirePath(reader.getDescriptor(), FlightNames.GENERATE, "DoExchange");
            Schemas.check(Schemas.GENERATION_REQUEST, reader.getSchema(), "generation request");
            try (VectorSchemaRoot out = VectorSchemaRoot.create(Schemas.COMPLETION, allocator)) {
                writer.start(out);
                CompletionBatcher sink = new CompletionBatcher(writer, out);
                try {
                    while (reader.next()) {
                        List<GenerationRequest> requests =
                                ArrowCodec.decodeGenerationRequests(reader.getRoot());
                        service.generate(requests, sink);
                    }
                } finally {
                    sink.close();
                }
                writer.completed();
            }
        } catch (Throwable t) {
            writer.error(report(FlightNames.GENERATE, t));
        } finally {
            exit();
        }
    }

    @Override
    public Runnable acceptPut(
            CallContext context, FlightStream stream, StreamListener<PutResult> ackStream) {
        enter();
        return () -> {
            try {
                requirePath(stream.getDescriptor(), FlightNames.TRAIN, "DoPut");
                Schema schema = stream.getSchema();
                Schemas.check(Schemas.TRAIN_ROW, schema, "train batch");
                List<ScoredRollout> rows = new ArrayList<>();
                while (stream.next()) {
                    rows.addAll(ArrowCodec.decodeScoredRollouts(stream.getRoot()));
                }
                TrainBatch batch = ArrowCodec.decodeTrainBatch(schema, rows);
                TrainResult result = service.train(batch);
                byte[] json = Json.write(result);
                try (ArrowBuf buf = allocator.buffer(json.length)) {
                    buf.writeBytes(json);
                    ackStream.onNext(PutResult.metadata(buf));
                }
                ackStream.onCompleted();
            } catch (Throwable t) {
                ackStream.onError(report(FlightNames.TRAIN, t));
            } finally {
                exit();
            }
        };
    }

    @Override
    public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
        String name = action.getType();
        enter();
        try {
            Object answer =
                    switch (name) {
                        case FlightNames.HEALTH -> service.health();
                        case FlightNames.VERSION -> service.version();
                        case FlightNames.SCORE ->
                                service.score(
                                        body(action, b -> Json.readList(b, ScoreRequest.class)));
                        case FlightNames.ADMIT ->
                                service.admit(
                                        body(
                                                action,
                                                b -> Json.readList(b, GenerationRequest.class)));
                        case FlightNames.PREPARE ->
                                service.prepare(
                                        body(action, b -> Json.read(b, Json.VersionArg.class))
                                                .version());
                        case FlightNames.DIGEST ->
                                service.digest(
                                        body(action, b -> Json.read(b, Json.VersionArg.class))
                                                .version());
                        case FlightNames.COMMIT ->
                                service.commit(
                                        body(action, b -> Json.read(b, Json.VersionArg.class))
                                                .version());
                        case FlightNames.ROLLBACK ->
                                service.rollback(
                                        body(action, b -> Json.read(b, Json.VersionArg.class))
                                                .version());
                        case FlightNames.RETAIN ->
                                service.retain(
                                        body(action, b -> Json.read(b, Json.VersionArg.class))
                                                .version());
                        case FlightNames.CHECKPOINT -> service.checkpoint();
                        default ->
                                throw CallStatus.UNIMPLEMENTED
                                        .withDescription(
                                                "unknown action '"
                                                        + name
                                                        + "'; known actions: "
                                                        + FlightNames.ACTIONS)
                                        .toRuntimeException();
                    };
            listener.onNext(new Result(Json.write(answer)));
            listener.onCompleted();
        } catch (Throwable t) {
            listener.onError(report(name, t));
        } finally {
            exit();
        }
    }

    /**
     * DoGet of ticket {@code ledger}: the training ledger as record batches of up to {@value
     * #LEDGER_ROWS} rows (schema {@link Schemas#LEDGER}), each sent once the client can take it, so
     * a ledger of millions of entries is never one message nor one list in memory. DoGet of {@code
     * weights/<version>}: that version's weights ({@link WeightsStream}).
     */
    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
        String name = new String(ticket.getBytes(), java.nio.charset.StandardCharsets.UTF_8);
        enter();
        try {
            if (name.startsWith(FlightNames.WEIGHTS + "/")) {
                long version = weightsVersion(name);
                WeightsStream.send(service.weights(version), allocator, listener);
                return;
            }
            if (!FlightNames.LEDGER.equals(name)) {
                throw CallStatus.NOT_FOUND
                        .withDescription(
                                "unknown ticket '"
                                        + name
                                        + "'; DoGet serves '"
                                        + FlightNames.LEDGER
                                        + "' and '"
                                        + FlightNames.WEIGHTS
                                        + "/<version>'")
                        .toRuntimeException();
            }
            try (VectorSchemaRoot out = VectorSchemaRoot.create(Schemas.LEDGER, allocator)) {
                listener.start(out);
                List<LedgerEntry> chunk = new ArrayList<>(LEDGER_ROWS);
                service.ledger(
                        e -> {
                            chunk.add(e);
                            if (chunk.size() == LEDGER_ROWS) {
                                sendLedger(chunk, out, listener);
                            }
                        });
                if (!chunk.isEmpty()) {
                    sendLedger(chunk, out, listener);
                }
                listener.completed();
            }
        } catch (Throwable t) {
            listener.error(report(name, t));
        } finally {
            exit();
        }
    }

    private static long weightsVersion(String ticket) {
        String text = ticket.substring(FlightNames.WEIGHTS.length() + 1);
        try {
            long v = Long.parseLong(text);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new PolicyInvalidRequestException(
                "bad weights ticket '" + ticket + "': expected weights/<version>, version >= 0");
    }

    static final int LEDGER_ROWS = 4096;

    private static void sendLedger(
            List<LedgerEntry> chunk, VectorSchemaRoot out, ServerStreamListener listener) {
        if (listener.isCancelled()) {
            throw CallStatus.CANCELLED
                    .withDescription("the client cancelled the ledger stream")
                    .toRuntimeException();
        }
        ArrowCodec.writeLedger(chunk, out);
        chunk.clear();
        ReadyWait.await(listener, 60_000, listener::isCancelled);
        listener.putNext();
    }

    @Override
    public void listActions(CallContext context, StreamListener<ActionType> listener) {
        for (String name : FlightNames.ACTIONS) {
            listener.onNext(new ActionType(name, "rivulet policy action " + name));
        }
        listener.onCompleted();
    }

    /**
     * Waits until no handler is running (a call the client abandoned may still be running in the
     * service after gRPC considers it finished); false if {@code millis} passed first.
     */
    synchronized boolean awaitIdle(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (active > 0) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    private synchronized void enter() {
        active++;
    }

    private synchronized void exit() {
        if (--active == 0) {
            notifyAll();
        }
    }

    private interface BodyReader<T> {
        T read(byte[] body) throws IOException;
    }

    private static <T> T body(Action action, BodyReader<T> reader) {
        byte[] body = action.getBody();
        try {
            T value = reader.read(body == null ? new byte[0] : body);
            if (value == null) {
                throw new IOException("empty body");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            throw new PolicyInvalidRequestException(
                    "malformed JSON body for action " + action.getType() + ": " + e.getMessage(),
                    e);
        }
    }

    private static void requirePath(FlightDescriptor descriptor, String path, String method) {
        if (descriptor == null
                || descriptor.isCommand()
                || !descriptor.getPath().equals(List.of(path))) {
            throw new PolicyInvalidRequestException(
                    method + " needs the descriptor path [" + path + "], got " + descriptor);
        }
    }

    private static FlightRuntimeException report(String operation, Throwable t) {
        FlightRuntimeException status = FlightErrors.toFlight(operation, t);
        FlightStatusCode code = status.status().code();
        if (code == FlightStatusCode.INTERNAL || code == FlightStatusCode.UNKNOWN) {
            LOG.error("policy service failed in {}", operation, t);
        } else {
            LOG.debug("rejected {} call: {}", operation, status.status().description());
        }
        return status;
    }
}
