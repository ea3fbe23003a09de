package dev.rivulet.server.service;

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
import dev.rivulet.protocol.WeightTensor;
import dev.rivulet.protocol.WeightsDigest;
import dev.rivulet.protocol.error.PolicyException;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.protocol.error.PolicyServerException;
import dev.rivulet.protocol.error.PolicyUnavailableException;
import dev.rivulet.protocol.flight.PolicyClient;
import dev.rivulet.protocol.flight.PolicyService;
import dev.rivulet.server.model.ParamSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A generation-only server ({@code serve --role generator}): it generates on the weights of a
 * version it pulled from the learner and reports that version in every completion.
 *
 * <p>Before each generate call it asks the learner for its version (a cheap action that never waits
 * for the learner's model). When the learner's lineage differs from the one the held weights came
 * from (a rollback or restore on the learner), or the learner is more than {@code maxLag} versions
 * ahead, it fetches the learner's current version first ({@link PolicyClient#weights}: chunked,
 * checksummed). The new weights replace the old ones under a write lock that waits for running
 * generate calls, so one call never mixes versions; a failed fetch (a cut stream, a checksum
 * mismatch, an unreachable learner) leaves the old weights in place and fails the call as
 * unavailable, and the next call tries again. Training, versions and checkpoints belong to the
 * learner: those calls are refused with its address; {@code score} answers on the held weights.
 */
public final class GeneratorService implements PolicyService, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GeneratorService.class);

    private final DjlPolicyService model;
    private final PolicyClient learner;
    private final String learnerAddress;
    private final int maxLag;
    private final List<ParamSpec> layout;
    private final ReentrantReadWriteLock swap = new ReentrantReadWriteLock(true);
    private final Object fetching = new Object();
    private final AtomicLong fetches = new AtomicLong();
    private final long startedNanos = System.nanoTime();
    private volatile Held held;

    /** What the model holds: the learner's version, lineage and fingerprint of those weights. */
    private record Held(long version, long committed, String lineage, String digest) {}

    private GeneratorService(
            DjlPolicyService model, PolicyClient learner, String learnerAddress, int maxLag) {
        if (maxLag < 0) {
            throw new IllegalArgumentException("max-lag must be >= 0, got " + maxLag);
        }
        this.model = model;
        this.learner = learner;
        this.learnerAddress = learnerAddress;
        this.maxLag = maxLag;
        this.layout = ParamSpec.layout(model.policyConfig());
    }

    /**
     * A generator over {@code model} (built with the learner's model shape) that follows the
     * learner reached by {@code learner}; pulls the learner's current version before it returns.
     *
     * @param learnerAddress {@code host:port} of the learner, for messages
     * @param maxLag versions the held weights may be behind the learner's current version
     * @throws PolicyException if the learner cannot be reached or its weights do not fit the model
     */
    public static GeneratorService start(
            DjlPolicyService model, PolicyClient learner, String learnerAddress, int maxLag) {
        GeneratorService g = new GeneratorService(model, learner, learnerAddress, maxLag);
        g.ensureFresh();
        return g;
    }

    /** The learner this generator follows, {@code host:port}. */
    public String learnerAddress() {
        return learnerAddress;
    }

    /** How many times weights were fetched and swapped in (the start-up pull included). */
    public long fetches() {
        return fetches.get();
    }

    /** The version of the weights generated on now. */
    public long heldVersion() {
        return held.version();
    }

    @Override
    public void generate(List<GenerationRequest> requests, Consumer<Completion> sink) {
        ensureFresh();
        swap.readLock().lock();
        try {
            long v = held.version();
            model.generate(requests, c -> sink.accept(withVersion(c, v)));
        } finally {
            swap.readLock().unlock();
        }
    }

    @Override
    public List<Admission> admit(List<GenerationRequest> requests) {
        return model.admit(requests);
    }

    /** Scores on the held weights (not the learner's), reporting the held version. */
    @Override
    public List<ScoreResult> score(List<ScoreRequest> requests) {
        swap.readLock().lock();
        try {
            long v = held.version();
            List<ScoreResult> out = new ArrayList<>();
            for (ScoreResult r : model.score(requests)) {
                out.add(new ScoreResult(r.sequenceId(), r.logprobs(), v));
            }
            return out;
        } finally {
            swap.readLock().unlock();
        }
    }

    @Override
    public Health health() {
        Held h = held;
        Health m = model.health();
        return new Health(
                m.status(),
                h.version(),
                h.committed(),
                m.device(),
                (System.nanoTime() - startedNanos) / 1_000_000);
    }

    /** The held version, the learner's committed version and lineage when it was fetched. */
    @Override
    public PolicyVersion version() {
        Held h = held;
        return new PolicyVersion(h.version(), h.committed(), h.lineage());
    }

    /**
     * For the held version, the fingerprint of the weights the model holds now, computed from the
     * model's parameters (so it proves what was swapped in); other versions are not held here.
     */
    @Override
    public WeightsDigest digest(long version) {
        VersionChecks.digestVersion(version);
        swap.readLock().lock();
        try {
            Held h = held;
            return new WeightsDigest(
                    version, h.version(), version == h.version() ? model.liveDigest() : null, null);
        } finally {
            swap.readLock().unlock();
        }
    }

    @Override
    public TrainResult train(TrainBatch batch) {
        throw refused("train");
    }

    @Override
    public PolicyVersion prepare(long version) {
        throw refused("prepare");
    }

    @Override
    public PolicyVersion commit(long version) {
        throw refused("commit");
    }

    @Override
    public PolicyVersion retain(long version) {
        throw refused("retain");
    }

    @Override
    public PolicyVersion rollback(long version) {
        throw refused("rollback");
    }

    @Override
    public CheckpointInfo checkpoint() {
        throw refused("checkpoint");
    }

    @Override
    public List<LedgerEntry> ledger() {
        throw refused("ledger");
    }

    @Override
    public void ledger(Consumer<LedgerEntry> sink) {
        throw refused("ledger");
    }

    @Override
    public PolicyWeights weights(long version) {
        throw refused("weights");
    }

    private PolicyInvalidRequestException refused(String call) {
        return new PolicyInvalidRequestException(
                "this is a generator; send " + call + " to the learner at " + learnerAddress);
    }

    /**
     * Asks the learner for its version and fetches it first when the lineage changed or the held
     * weights are more than {@code maxLag} versions behind. One check or fetch at a time.
     */
    private void ensureFresh() {
        synchronized (fetching) {
            PolicyVersion l = await(learner.version(), "read the version", held);
            Held h = held;
            if (h != null
                    && h.lineage().equals(l.lineage())
                    && l.current() - h.version() <= maxLag) {
                return;
            }
            String why =
                    h == null
                            ? "start-up"
                            : !h.lineage().equals(l.lineage())
                                    ? "the learner's lineage changed from "
                                            + h.lineage()
                                            + " to "
                                            + l.lineage()
                                            + " (a rollback or restore)"
                                    : "holding version "
                                            + h.version()
                                            + ", more than max-lag "
                                            + maxLag
                                            + " behind the learner's "
                                            + l.current();
            PolicyWeights w =
                    await(learner.weights(l.current()), "fetch version " + l.current(), h);
            float[][] arrays = fit(w);
            swap.writeLock().lock();
            try {
                model.installWeights(arrays);
                held =
                        new Held(
                                w.version(),
                                Math.min(l.committed(), w.version()),
                                w.lineage(),
                                w.digest());
            } finally {
                swap.writeLock().unlock();
            }
            fetches.incrementAndGet();
            LOG.info(
                    "generator now on version {} (lineage {}, digest {}) from {}: {}",
                    w.version(),
                    w.lineage(),
                    w.digest(),
                    learnerAddress,
                    why);
        }
    }

    /** The tensors as arrays in this model's layout, or a failure naming the first misfit. */
    private float[][] fit(PolicyWeights w) {
        List<WeightTensor> t = w.tensors();
        if (t.size() != layout.size()) {
            throw misfit(w, "it has " + t.size() + " tensors, this model " + layout.size());
        }
        float[][] out = new float[t.size()][];
        for (int i = 0; i < out.length; i++) {
            ParamSpec p = layout.get(i);
            if (!p.name().equals(t.get(i).name()) || !Arrays.equals(p.shape(), t.get(i).shape())) {
                throw misfit(
                        w,
                        "tensor "
                                + i
                                + " is "
                                + t.get(i).name()
                                + " "
                                + t.get(i).describeShape()
                                + ", this model has "
                                + p.name()
                                + " "
                                + Arrays.toString(p.shape()));
            }
            out[i] = t.get(i).values();
        }
        return out;
    }

    private PolicyServerException misfit(PolicyWeights w, String detail) {
        return new PolicyServerException(
                "the weights of version "
                        + w.version()
                        + " from the learner at "
                        + learnerAddress
                        + " do not fit this generator's model ("
                        + model.policyConfig()
                        + "): "
                        + detail
                        + "; start the generator with the learner's --model / --model-size");
    }

    private <T> T await(CompletableFuture<T> call, String what, Held kept) {
        try {
            return call.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String keeping =
                    kept == null
                            ? "no weights are loaded yet"
                            : "the weights of version " + kept.version() + " stay in place";
            throw new PolicyUnavailableException(
                    "generator cannot "
                            + what
                            + " from the learner at "
                            + learnerAddress
                            + ": "
                            + cause.getMessage()
                            + "; "
                            + keeping
                            + " and the next call retries",
                    cause);
        }
    }

    private static Completion withVersion(Completion c, long version) {
        return new Completion(
                c.requestId(),
                c.promptId(),
                c.sampleIndex(),
                c.promptTokens(),
                c.tokens(),
                c.logprobs(),
                c.text(),
                version,
                c.finishReason(),
                c.entropies());
    }

    /** Closes the learner client; the model belongs to the caller. */
    @Override
    public void close() throws InterruptedException {
        learner.close();
    }
}
