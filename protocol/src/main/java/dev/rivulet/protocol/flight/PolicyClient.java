package dev.rivulet.protocol.flight;

import dev.rivulet.protocol.Admission;
import dev.rivulet.protocol.CheckpointInfo;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Health;
import dev.rivulet.protocol.LedgerEntry;
import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.PolicyWeights;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.ScoreResult;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.TrainResult;
import dev.rivulet.protocol.WeightsDigest;
import dev.rivulet.protocol.arrow.ArrowCodec;
import dev.rivulet.protocol.arrow.Schemas;
import dev.rivulet.protocol.error.PolicyException;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.protocol.error.PolicyServerException;
import dev.rivulet.protocol.error.PolicyUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.auth2.BearerCredentialWriter;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Asynchronous client of a {@link PolicyFlightServer}: every call runs on the client's own threads,
 * has a deadline per attempt, is retried with exponential backoff while the server is UNAVAILABLE,
 * and completes its future with the answer or a typed {@link PolicyException}.
 */
public final class PolicyClient implements AutoCloseable {

    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(PolicyClient.class);

    private final Options options;
    private final BufferAllocator allocator;
    private final FlightClient client;
    private final ExecutorService calls;
    private final ScheduledExecutorService timer;
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private PolicyClient(String host, int port, Options options) {
        this.options = Objects.requireNonNull(options, "options");
        this.allocator = new RootAllocator();
        try {
            this.client = flightClient(allocator, host, port, options);
        } catch (RuntimeException e) {
            allocator.close();
            throw e;
        }
        this.calls = Executors.newCachedThreadPool(daemon("rivulet-policy-client"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("rivulet-policy-retry"));
    }

    /**
     * A Flight client of {@code host:port}: plaintext, or TLS trusting {@link
     * Options#trustedCertificates()} (the JVM's trust store when null).
     */
    private static FlightClient flightClient(
            BufferAllocator allocator, String host, int port, Options options) {
        if (!options.tls()) {
            return FlightClient.builder(allocator, Location.forGrpcInsecure(host, port)).build();
        }
        FlightClient.Builder b = FlightClient.builder(allocator, Location.forGrpcTls(host, port));
        if (options.trustedCertificates() != null) {
            b.trustedCertificates(
                    new java.io.ByteArrayInputStream(
                            options.trustedCertificates()
                                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        }
        return b.build();
    }

    /** A client of the server at {@code host:port}; connects lazily on the first call. */
    public static PolicyClient connect(String host, int port, Options options) {
        return new PolicyClient(host, port, options);
    }

    /** The options this client runs with. */
    public Options options() {
        return options;
    }

    /** Generates completions for {@code requests}; the future holds all of them. */
    public CompletableFuture<List<Completion>> generate(List<GenerationRequest> requests) {
        List<GenerationRequest> copy = List.copyOf(requests);
        return call(
                FlightNames.GENERATE,
                () -> {
                    List<Completion> out = new ArrayList<>();
                    exchange(copy, out::add);
                    return Collections.unmodifiableList(out);
                },
                () -> true);
    }

    /**
     * Generates completions for {@code requests}, handing each to {@code sink} (on a client thread,
     * one at a time) as soon as it arrives. A failed call is retried only while no completion has
     * been delivered, so the sink never sees a completion twice.
     */
    public CompletableFuture<Void> generate(
            List<GenerationRequest> requests, Consumer<Completion> sink) {
        List<GenerationRequest> copy = List.copyOf(requests);
        Objects.requireNonNull(sink, "sink");
        AtomicBoolean delivered = new AtomicBoolean();
        return call(
                FlightNames.GENERATE,
                () -> {
                    exchange(
                            copy,
                            c -> {
                                delivered.set(true);
                                sink.accept(c);
                            });
                    return null;
                },
                () -> !delivered.get());
    }

    /** Sends one train batch; the server applies each batch id at most once. */
    public CompletableFuture<TrainResult> train(TrainBatch batch) {
        Objects.requireNonNull(batch, "batch");
        return call(FlightNames.TRAIN, () -> put(batch), () -> true);
    }

    /** The server's health. */
    public CompletableFuture<Health> health() {
        return action(FlightNames.HEALTH, null, Health.class);
    }

    /** The server's current and committed policy versions. */
    public CompletableFuture<PolicyVersion> version() {
        return action(FlightNames.VERSION, null, PolicyVersion.class);
    }

    /** Scores each sequence under the current policy. */
    public CompletableFuture<List<ScoreResult>> score(List<ScoreRequest> requests) {
        byte[] body = Json.write(List.copyOf(requests));
        return call(
                FlightNames.SCORE,
                () -> decodeList(FlightNames.SCORE, doAction(FlightNames.SCORE, body)),
                () -> true);
    }

    /**
     * Asks whether the server can serve each request (prompt encodable, prompt tokens plus {@code
     * maxNewTokens} within the context); one {@link Admission} per request, in order.
     */
    public CompletableFuture<List<Admission>> admit(List<GenerationRequest> requests) {
        byte[] body = Json.write(List.copyOf(requests));
        int n = requests.size();
        return call(
                FlightNames.ADMIT,
                () -> {
                    List<Admission> out;
                    try {
                        out =
                                List.copyOf(
                                        Json.readList(
                                                doAction(FlightNames.ADMIT, body),
                                                Admission.class));
                    } catch (IOException e) {
                        throw malformed(FlightNames.ADMIT, e);
                    }
                    if (out.size() != n) {
                        throw new PolicyServerException(
                                "admit failed: the server answered "
                                        + out.size()
                                        + " admissions for "
                                        + n
                                        + " requests");
                    }
                    return out;
                },
                () -> true);
    }

    /** Makes {@code version} durable on the server (phase one of a commit). */
    public CompletableFuture<PolicyVersion> prepare(long version) {
        return action(FlightNames.PREPARE, new Json.VersionArg(version), PolicyVersion.class);
    }

    /** Fingerprints of the in-memory and durable weights of {@code version}. */
    public CompletableFuture<WeightsDigest> digest(long version) {
        return action(FlightNames.DIGEST, new Json.VersionArg(version), WeightsDigest.class);
    }

    /** Commits {@code version}; a version at or below the committed one is a no-op. */
    public CompletableFuture<PolicyVersion> commit(long version) {
        return action(FlightNames.COMMIT, new Json.VersionArg(version), PolicyVersion.class);
    }

    /**
     * Keeps the durable checkpoint of {@code version} for a later rewind (the version a savepoint
     * references).
     */
    public CompletableFuture<PolicyVersion> retain(long version) {
        return action(FlightNames.RETAIN, new Json.VersionArg(version), PolicyVersion.class);
    }

    /** Rolls the server back to {@code version}. */
    public CompletableFuture<PolicyVersion> rollback(long version) {
        return action(FlightNames.ROLLBACK, new Json.VersionArg(version), PolicyVersion.class);
    }

    /** Asks the server to snapshot its weights. */
    public CompletableFuture<CheckpointInfo> checkpoint() {
        return action(FlightNames.CHECKPOINT, null, CheckpointInfo.class);
    }

    /** The server's training ledger of the surviving lineage, oldest first, as one list. */
    public CompletableFuture<List<LedgerEntry>> ledger() {
        return call(
                FlightNames.LEDGER,
                () -> {
                    List<LedgerEntry> out = new ArrayList<>();
                    readLedger(out::add);
                    return List.copyOf(out);
                },
                () -> true);
    }

    /**
     * Streams the server's training ledger into {@code sink}, oldest first, one record batch at a
     * time (DoGet {@code ledger}), for ledgers too long to hold as a list. Not retried: a sink that
     * has seen part of the ledger cannot take it again; the future fails instead.
     *
     * @return a future of the number of entries streamed
     */
    public CompletableFuture<Long> ledger(Consumer<LedgerEntry> sink) {
        return call(FlightNames.LEDGER, () -> readLedger(sink), () -> false);
    }

    /**
     * The weights of {@code version} from the learner (DoGet {@code weights/<version>}), assembled
     * and checked: chunks in order, counts and the SHA-256 checksum against the stream's trailer. A
     * cut stream, a checksum mismatch or a malformed stream fails the future with a {@link
     * dev.rivulet.protocol.error.PolicyServerException} naming the version and what broke; a
     * version the server does not hold with a {@link PolicyInvalidRequestException}. Retried like
     * other calls when the server is unavailable (a whole fetch is repeated).
     */
    public CompletableFuture<PolicyWeights> weights(long version) {
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, got " + version);
        }
        return call(FlightNames.WEIGHTS, () -> readWeights(version), () -> true);
    }

    private PolicyWeights readWeights(long version) throws Exception {
        try (FlightStream stream =
                client.getStream(
                        new Ticket(
                                FlightNames.weightsTicket(version)
                                        .getBytes(StandardCharsets.UTF_8)),
                        // a model of gigabytes takes a while: at least 10 minutes
                        callOptions(max(options.deadline(), Duration.ofMinutes(10))))) {
            Schemas.check(WeightsStream.SCHEMA, stream.getSchema(), "weights");
            WeightsAssembler weights = new WeightsAssembler(version);
            byte[] trailer = null;
            while (stream.next()) {
                ArrowBuf meta = stream.getLatestMetadata();
                if (meta != null && meta.readableBytes() > 0) {
                    trailer = new byte[(int) meta.readableBytes()];
                    meta.getBytes(meta.readerIndex(), trailer);
                }
                weights.accept(stream.getRoot());
            }
            if (trailer == null) {
                throw weights.cut();
            }
            return weights.finish(trailer);
        }
    }

    private long readLedger(Consumer<LedgerEntry> sink) throws Exception {
        long n = 0;
        try (FlightStream stream =
                client.getStream(
                        new Ticket(FlightNames.LEDGER.getBytes(StandardCharsets.UTF_8)),
                        // a ledger of millions of rows takes a while: at least 10 minutes
                        callOptions(max(options.deadline(), Duration.ofMinutes(10))))) {
            Schemas.check(Schemas.LEDGER, stream.getSchema(), "ledger");
            while (stream.next()) {
                for (LedgerEntry e : ArrowCodec.decodeLedger(stream.getRoot())) {
                    sink.accept(e);
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * Fails calls still pending with {@link PolicyUnavailableException}, stops the client's
     * threads, then closes the Flight client and finally the allocator (which throws on a leak).
     * When calls were abandoned mid-flight (an operator closing on failover), buffers that gRPC
     * still holds for them are reported as a warning instead of failing the close.
     */
    @Override
    public void close() throws InterruptedException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean abandoned = !pending.isEmpty();
        for (CompletableFuture<?> f : pending) {
            f.completeExceptionally(new PolicyUnavailableException("policy client was closed"));
        }
        timer.shutdownNow();
        calls.shutdownNow();
        calls.awaitTermination(5, TimeUnit.SECONDS);
        // gRPC hands buffers of finished calls back on its own threads: give it a moment
        awaitBuffersReturned();
        try {
            client.close(); // closes the Flight client's own child allocator too
            awaitBuffersReturned(); // closing the channel hands back what its streams held
            if (abandoned && allocator.getAllocatedMemory() > 0) {
                // closing the root would log "Memory was leaked" at ERROR for buffers gRPC still
                // holds for the abandoned calls: leave this client's own root to the collector
                LOG.warn(
                        "closed with abandoned calls; {} bytes of their buffers were not"
                                + " reclaimed and are left to the garbage collector",
                        allocator.getAllocatedMemory());
                return;
            }
            allocator.close();
        } catch (IllegalStateException leak) {
            if (!abandoned) {
                throw leak;
            }
            LOG.warn(
                    "closed with abandoned calls; their buffers were not reclaimed: {}",
                    leak.getMessage());
        }
    }

    /** Waits up to 2 s for every buffer of this client's allocator to be handed back. */
    private void awaitBuffersReturned() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (allocator.getAllocatedMemory() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    private <T> CompletableFuture<T> call(
            String operation,
            RetryingCall.Attempt<T> attempt,
            java.util.function.BooleanSupplier retryable) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(
                    new PolicyUnavailableException(operation + " failed: client is closed"));
        }
        CompletableFuture<T> future =
                new RetryingCall<>(operation, attempt, retryable, options, calls, timer).start();
        pending.add(future);
        future.whenComplete((r, e) -> pending.remove(future));
        return future;
    }

    private <T> CompletableFuture<T> action(String name, Object arg, Class<T> type) {
        byte[] body = arg == null ? new byte[0] : Json.write(arg);
        return call(
                name,
                () -> {
                    byte[] json = doAction(name, body);
                    try {
                        return Json.read(json, type);
                    } catch (IOException e) {
                        throw malformed(name, e);
                    }
                },
                () -> true);
    }

    private byte[] doAction(String name, byte[] body) {
        Iterator<Result> results = client.doAction(new Action(name, body), callOptions());
        if (!results.hasNext()) {
            throw new PolicyServerException(name + " failed: the server sent no result");
        }
        byte[] json = results.next().getBody();
        while (results.hasNext()) {
            results.next(); // drain so the call completes
        }
        return json;
    }

    private static List<ScoreResult> decodeList(String name, byte[] json) {
        try {
            return List.copyOf(Json.readList(json, ScoreResult.class));
        } catch (IOException e) {
            throw malformed(name, e);
        }
    }

    private void exchange(List<GenerationRequest> requests, Consumer<Completion> sink)
            throws Exception {
        try (FlightClient.ExchangeReaderWriter rw =
                        client.doExchange(
                                FlightDescriptor.path(FlightNames.GENERATE), callOptions());
                VectorSchemaRoot root = ArrowCodec.encodeGenerationRequests(requests, allocator)) {
            FlightClient.ClientStreamListener writer = rw.getWriter();
            writer.start(root);
            // the reader has a root once the server answered or the call failed
            ReadyWait.await(writer, options.deadline().toMillis(), rw.getReader()::hasRoot);
            writer.putNext();
            writer.completed();
            FlightStream reader = rw.getReader();
            while (reader.next()) {
                List<Completion> batch;
                try {
                    batch = ArrowCodec.decodeCompletions(reader.getRoot());
                } catch (PolicyInvalidRequestException e) {
                    throw new PolicyServerException(
                            "generate failed: the server sent bad completions: " + e.getMessage(),
                            e);
                }
                batch.forEach(sink);
            }
        }
    }

    private TrainResult put(TrainBatch batch) throws Exception {
        try (VectorSchemaRoot root = ArrowCodec.encodeTrainBatch(batch, allocator);
                ResultListener listener = new ResultListener()) {
            FlightClient.ClientStreamListener writer =
                    client.startPut(
                            FlightDescriptor.path(FlightNames.TRAIN),
                            root,
                            listener,
                            callOptions());
            ReadyWait.await(writer, options.deadline().toMillis(), listener::isCancelled);
            writer.putNext();
            writer.completed();
            writer.getResult(); // throws FlightRuntimeException if the server failed the put
            try (PutResult result = listener.read()) {
                if (result == null) {
                    throw new PolicyServerException("train failed: the server sent no result");
                }
                ArrowBuf buf = result.getApplicationMetadata();
                byte[] json = new byte[(int) buf.readableBytes()];
                buf.getBytes(buf.readerIndex(), json);
                try {
                    return Json.read(json, TrainResult.class);
                } catch (IOException e) {
                    throw malformed(FlightNames.TRAIN, e);
                }
            }
        }
    }

    private static PolicyServerException malformed(String name, IOException e) {
        return new PolicyServerException(
                name + " failed: the server sent a malformed answer: " + e.getMessage(), e);
    }

    private CallOption[] callOptions() {
        return callOptions(options.deadline());
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private CallOption[] callOptions(Duration deadline) {
        CallOption timeout = CallOptions.timeout(deadline.toNanos(), TimeUnit.NANOSECONDS);
        if (options.bearerToken() == null) {
            return new CallOption[] {timeout};
        }
        return new CallOption[] {
            timeout, new CredentialCallOption(new BearerCredentialWriter(options.bearerToken()))
        };
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * How a {@link PolicyClient} calls: deadline per attempt, retries of UNAVAILABLE calls with
     * exponential backoff, and an optional bearer token (never printed by {@link #toString()}).
     *
     * @param deadline time allowed for each attempt
     * @param maxRetries retries after the first attempt, {@code >= 0}
     * @param initialBackoff wait before the first retry; doubled each retry
     * @param maxBackoff cap on the wait between retries
     * @param bearerToken token sent as {@code Authorization: Bearer}, or null for none
     * @param tls whether to connect with TLS
     * @param trustedCertificates with TLS, the PEM certificates to trust (the server's, or the CA
     *     that signed it); null trusts the JVM's default trust store
     */
    public record Options(
            Duration deadline,
            int maxRetries,
            Duration initialBackoff,
            Duration maxBackoff,
            String bearerToken,
            boolean tls,
            String trustedCertificates) {

        /** Options of a plaintext connection. */
        public Options(
                Duration deadline,
                int maxRetries,
                Duration initialBackoff,
                Duration maxBackoff,
                String bearerToken) {
            this(deadline, maxRetries, initialBackoff, maxBackoff, bearerToken, false, null);
        }

        public Options {
            positive(deadline, "deadline");
            positive(initialBackoff, "initialBackoff");
            positive(maxBackoff, "maxBackoff");
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
            }
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException(
                        "maxBackoff ("
                                + maxBackoff
                                + ") must be >= initialBackoff ("
                                + initialBackoff
                                + ")");
            }
            if (bearerToken != null && bearerToken.isEmpty()) {
                throw new IllegalArgumentException("bearerToken must not be empty (use null)");
            }
            if (trustedCertificates != null && !tls) {
                throw new IllegalArgumentException(
                        "trustedCertificates are given but TLS is off (use withTls)");
            }
            if (trustedCertificates != null && !trustedCertificates.contains("BEGIN CERTIFICATE")) {
                throw new IllegalArgumentException(
                        "trustedCertificates must be PEM text (-----BEGIN CERTIFICATE-----...)");
            }
        }

        /** 30 s deadline, 3 retries, backoff 100 ms doubling up to 2 s, no token. */
        public static Options defaults() {
            return new Options(
                    Duration.ofSeconds(30), 3, Duration.ofMillis(100), Duration.ofSeconds(2), null);
        }

        /** These options with another per-attempt deadline. */
        public Options withDeadline(Duration value) {
            return new Options(
                    value,
                    maxRetries,
                    initialBackoff,
                    maxBackoff,
                    bearerToken,
                    tls,
                    trustedCertificates);
        }

        /** These options with another retry count. */
        public Options withMaxRetries(int value) {
            return new Options(
                    deadline,
                    value,
                    initialBackoff,
                    maxBackoff,
                    bearerToken,
                    tls,
                    trustedCertificates);
        }

        /** These options with another backoff range. */
        public Options withBackoff(Duration initial, Duration max) {
            return new Options(
                    deadline, maxRetries, initial, max, bearerToken, tls, trustedCertificates);
        }

        /** These options with another bearer token (null for none). */
        public Options withBearerToken(String value) {
            return new Options(
                    deadline,
                    maxRetries,
                    initialBackoff,
                    maxBackoff,
                    value,
                    tls,
                    trustedCertificates);
        }

        /**
         * These options connecting with TLS, trusting the PEM certificates {@code trusted} (null:
         * the JVM's default trust store).
         */
        public Options withTls(String trusted) {
            return new Options(
                    deadline, maxRetries, initialBackoff, maxBackoff, bearerToken, true, trusted);
        }

        @Override
        public String toString() {
            return "Options[deadline="
                    + deadline
                    + ", maxRetries="
                    + maxRetries
                    + ", initialBackoff="
                    + initialBackoff
                    + ", maxBackoff="
                    + maxBackoff
                    + ", bearerToken="
                    + (bearerToken == null ? "none" : "***")
                    + ", tls="
                    + (!tls ? "off" : trustedCertificates == null ? "jvm-trust" : "pinned")
                    + "]";
        }

        private static void positive(Duration value, String field) {
            Objects.requireNonNull(value, field + " must not be null");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(field + " must be > 0, got " + value);
            }
        }
    }
}
