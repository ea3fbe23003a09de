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
import dev.rivulet.protocol.WeightsDigest;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.protocol.flight.PolicyService;
import dev.rivulet.server.generate.DecodeRequest;
import dev.rivulet.server.generate.Generator;
import dev.rivulet.server.generate.Sample;
import dev.rivulet.server.generate.SamplingParams;
import dev.rivulet.server.learn.Learner;
import dev.rivulet.server.learn.MicroBatch;
import dev.rivulet.server.metrics.TrainStepClock;
import dev.rivulet.server.model.PolicyConfig;
import dev.rivulet.server.model.TransformerPolicy;
import dev.rivulet.server.state.LedgerView;
import dev.rivulet.server.state.PolicyStore;
import dev.rivulet.server.state.Snapshot;
import dev.rivulet.server.state.StepOutcome;
import dev.rivulet.server.text.HfTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real model server: a DJL {@link TransformerPolicy} with its tokenizer, {@link Generator},
 * {@link Learner} and {@link PolicyStore}, behind the transport-neutral {@link PolicyService}.
 *
 * <p>A generation-only service ({@link #openForGeneration}, what {@code serve --role generator}
 * builds) has no learner state: no {@link Learner} (so no AdamW moments and no reference policy),
 * no {@link PolicyStore} (so no version snapshots, ledger or checkpoints), and parameters that
 * record no gradients. It generates and scores, and takes weights through {@link #installWeights};
 * every call that trains or reads versions, the ledger or checkpoints fails.
 *
 * <p>The DJL core is not thread-safe, so every model access takes one fair lock; {@link
 * #queueDepth()} is the number of calls waiting for it. Every request is validated before the lock
 * is taken, so a bad request never changes weights, versions or the ledger. {@link #health()} and
 * {@link #version()} never wait for the model.
 */
public final class DjlPolicyService implements PolicyService, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DjlPolicyService.class);

    private final ServiceConfig config;
    private final HfTokenizer tokenizer;
    private final PromptEncoder prompts;
    private final StartingPoint start;
    private final TransformerPolicy policy;

    /** The learner and its version store; both null for a generation-only service. */
    private final Learner learner;

    private final PolicyStore store;
    private final Generator generator;
    private final Scorer scorer;
    private final String device;
    private final long startedNanos = System.nanoTime();
    private final ModelLock model = new ModelLock(this::publishVersions);
    private final TrainStepClock trainSteps = TrainStepClock.system();

    /** The store's versions and lineage as of the last model call, read without the lock. */
    private volatile PolicyVersion published;

    private volatile long ledgerInMemory;
    private volatile double lastKlBeta = Double.NaN;
    private volatile double lastKlReference = Double.NaN;

    /** Takes ownership of the parts {@link ServiceOpening} built. */
    DjlPolicyService(
            ServiceConfig config,
            PromptEncoder prompts,
            StartingPoint start,
            TransformerPolicy policy,
            Learner learner,
            PolicyStore store,
            String device) {
        this.config = config;
        this.prompts = prompts;
        this.tokenizer = prompts.tokenizer();
        this.start = start;
        this.policy = policy;
        this.learner = learner;
        this.store = store;
        this.generator = new Generator(policy, tokenizer.padId());
        this.scorer = new Scorer(policy, tokenizer.padId(), config.limits().generateChunk());
        this.device = device;
        publishVersions();
    }

    /**
     * Builds the service: picks the device, then restores the newest checkpoint in {@code
     * checkpointDir} if there is one, else loads {@code modelDir}, else creates a fresh model from
     * {@code seed}.
     *
     * @throws IOException if a checkpoint or model directory cannot be read
     * @throws IllegalArgumentException if the requested model size contradicts the stored shape
     */
    public static DjlPolicyService open(ServiceConfig config) throws IOException {
        return ServiceOpening.open(config, true);
    }

    /**
     * Builds a generation-only service (for {@code serve --role generator}): the policy, frozen,
     * with its tokenizer, from {@code modelDir} or a fresh {@code seed}, without a learner, an
     * optimizer, a reference policy, version snapshots, a ledger or checkpoints.
     *
     * @throws IOException if the model directory cannot be read
     * @throws IllegalArgumentException with a checkpoint directory (a generator keeps none)
     */
    public static DjlPolicyService openForGeneration(ServiceConfig config) throws IOException {
        if (config.checkpointDir() != null) {
            throw new IllegalArgumentException(
                    "a generation-only service keeps no checkpoints, got checkpoint directory "
                            + config.checkpointDir());
        }
        return ServiceOpening.open(config, false);
    }

    /**
     * The version store, or a refusal for a generation-only service (which {@link GeneratorService}
     * refuses before, naming the learner).
     */
    private PolicyStore store() {
        if (store == null) {
            throw new PolicyInvalidRequestException(
                    "this service generates only: it holds no learner state (training, versions,"
                            + " the ledger and checkpoints belong to the learner)");
        }
        return store;
    }

    /** The version the model's weights are, 0 for a generation-only service (its caller knows). */
    private long modelVersion() {
        return store == null ? 0 : store.version();
    }

    /** Whether this service was built without learner state ({@link #openForGeneration}). */
    public boolean generationOnly() {
        return learner == null;
    }

    /**
     * The bytes the model holds: parameters, and the learner state (optimizer moments, reference
     * policy, held snapshots) that a generation-only service does without; under the model lock.
     */
    public ModelFootprint footprint() {
        return model.call(
                () ->
                        new ModelFootprint(
                                policy.parameterBytes(),
                                learner == null ? 0 : learner.optimizer().stateBytes(),
                                learner == null ? 0 : learner.referenceBytes(),
                                store == null ? 0 : store.versions().heldBytes()));
    }

    /** The time inside training steps, under the model lock (for the metrics). */
    public TrainStepClock trainSteps() {
        return trainSteps;
    }

    /** Calls waiting for the model lock (the queue depth). */
    public int queueDepth() {
        return model.queueLength();
    }

    /** The shape of the served policy. */
    public PolicyConfig policyConfig() {
        return policy.config();
    }

    /** The tokenizer prompts are encoded with. */
    public HfTokenizer tokenizer() {
        return tokenizer;
    }

    /** The configuration the service was built from. */
    public ServiceConfig config() {
        return config;
    }

    @Override
    public List<Admission> admit(List<GenerationRequest> requests) {
        RequestChecks.admitRequests(requests);
        return GenerationPlan.admit(requests, prompts, policy.config());
    }

    @Override
    public void generate(List<GenerationRequest> requests, Consumer<Completion> sink) {
        List<GenerationPlan.Row> rows =
                GenerationPlan.rows(
                        requests, prompts, policy.config(), config.limits().maxGenerateSequences());
        for (List<GenerationPlan.Row> chunk :
                GenerationPlan.chunks(rows, config.limits().generateChunk())) {
            SamplingParams params = ProtocolMapping.sampling(chunk.get(0), tokenizer.eosIds());
            List<DecodeRequest> decode = ProtocolMapping.decodeRequests(chunk);
            Decoded d =
                    model.call(
                            () -> new Decoded(modelVersion(), generator.generate(decode, params)));
            for (int i = 0; i < chunk.size(); i++) {
                Sample s = d.samples().get(i);
                sink.accept(
                        ProtocolMapping.completion(
                                chunk.get(i), s, tokenizer.decode(s.tokens()), d.version()));
            }
        }
    }

    /** The samples of one chunk and the version that drew them. */
    private record Decoded(long version, List<Sample> samples) {}

    @Override
    public TrainResult train(TrainBatch batch) {
        MicroBatch micro =
                RequestChecks.trainBatch(batch, policy.config(), config.limits().maxTrainRows());
        return model.call(
                () -> {
                    VersionChecks.lineage(batch, store().versions());
                    Optional<StepOutcome> earlier = store().duplicates().earlier(batch.batchId());
                    if (earlier.isPresent()) {
                        return ProtocolMapping.trainResult(batch.batchId(), earlier.get());
                    }
                    VersionChecks.baseVersion(batch, store().versions());
                    try {
                        StepOutcome outcome = trainSteps.time(() -> store().train(micro));
                        noteKl(batch.batchId(), outcome);
                        return ProtocolMapping.trainResult(batch.batchId(), outcome);
                    } catch (IllegalArgumentException e) {
                        throw new PolicyInvalidRequestException(
                                "train batch " + batch.batchId() + ": " + e.getMessage(), e);
                    }
                });
    }

    /**
     * Loads {@code weights} (in the policy's layout order) into the model between model calls, for
     * a {@link GeneratorService}; the version store is left alone.
     */
    void installWeights(float[][] weights) {
        model.call(
                () -> {
                    policy.importParameters(weights);
                    return null;
                });
    }

    /** The fingerprint of the weights the model holds now (not of a stored snapshot). */
    String liveDigest() {
        return model.call(() -> Snapshot.digest(policy.exportParameters()));
    }

    /** Ledger rows in memory (the window) and results remembered, for tests and metrics. */
    public LedgerFootprint ledgerFootprint() {
        return model.call(
                () ->
                        new LedgerFootprint(
                                store().ledger().size(),
                                store().ledger().batchCount(),
                                store().duplicates().size(),
                                store().ledger().horizon(),
                                store().ledger().archivedRollouts()));
    }

    @Override
    public Health health() {
        return new Health(
                model.closed() ? "closed" : "ok",
                published.current(),
                published.committed(),
                device,
                (System.nanoTime() - startedNanos) / 1_000_000);
    }

    @Override
    public PolicyVersion version() {
        return published;
    }

    @Override
    public List<ScoreResult> score(List<ScoreRequest> requests) {
        RequestChecks.scoreRequests(
                requests, policy.config(), config.limits().maxGenerateSequences());
        return model.call(() -> scorer.score(requests, modelVersion()));
    }

    @Override
    public PolicyVersion prepare(long version) {
        return model.callIo(
                "cannot write the checkpoint of version " + version,
                () -> {
                    VersionChecks.preparable(version, store().versions());
                    store().prepare(version)
                            .ifPresent(dir -> LOG.debug("prepared version {} in {}", version, dir));
                    return ProtocolMapping.policyVersion(store().versions());
                });
    }

    @Override
    public PolicyVersion commit(long version) {
        return model.callIo(
                "cannot write the checkpoint of version " + version,
                () -> {
                    VersionChecks.committable(version, store().versions());
                    store().commit(version)
                            .ifPresent(
                                    dir -> LOG.debug("committed version {} in {}", version, dir));
                    return ProtocolMapping.policyVersion(store().versions());
                });
    }

    @Override
    public PolicyVersion rollback(long version) {
        return model.callIo(
                "cannot roll back to version " + version,
                () -> {
                    VersionChecks.rollbackTarget(version, store().versions());
                    if (store().rollback(version)) {
                        LOG.info("rolled back to prepared version {}", version);
                    }
                    return ProtocolMapping.policyVersion(store().versions());
                });
    }

    @Override
    public PolicyVersion retain(long version) {
        return model.callIo(
                "cannot retain the checkpoint of version " + version,
                () -> {
                    VersionChecks.retainable(version, store().versions());
                    try {
                        store().retain(version);
                    } catch (UnsupportedOperationException | IllegalArgumentException e) {
                        throw new PolicyInvalidRequestException(
                                "retain: " + e.getMessage() + "; nothing was changed", e);
                    }
                    LOG.info("retained the checkpoint of version {} for a rewind", version);
                    return ProtocolMapping.policyVersion(store().versions());
                });
    }

    @Override
    public WeightsDigest digest(long version) {
        return model.callIo(
                "cannot read the checkpoint of version " + version,
                () -> {
                    VersionChecks.digestVersion(version);
                    return new WeightsDigest(
                            version,
                            store().version(),
                            store().memoryDigest(version),
                            store().durableDigest(version));
                });
    }

    /**
     * The weights of {@code version} (held in memory or durable, at or below the current version)
     * with the current lineage and their fingerprint, read under the model lock; the tensors are
     * streamed after the lock is released (held snapshots are never modified).
     */
    @Override
    public PolicyWeights weights(long version) {
        return model.callIo(
                "cannot read the weights of version " + version,
                () -> {
                    VersionChecks.digestVersion(version);
                    float[][] w =
                            store().weightsOf(version)
                                    .orElseThrow(
                                            () ->
                                                    new PolicyInvalidRequestException(
                                                            VersionChecks.noWeights(
                                                                    version,
                                                                    store().versions(),
                                                                    durableVersions())));
                    return ProtocolMapping.weights(
                            version, store().versions().lineage(), policy.layout(), w);
                });
    }

    private String durableVersions() {
        try {
            return store().durableVersions().toString();
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public CheckpointInfo checkpoint() {
        return model.callIo(
                "cannot write a checkpoint",
                () -> {
                    try {
                        return new CheckpointInfo(
                                store().checkpoint().toString(), store().version());
                    } catch (UnsupportedOperationException e) {
                        throw new PolicyInvalidRequestException("checkpoint: " + e.getMessage(), e);
                    }
                });
    }

    @Override
    public List<LedgerEntry> ledger() {
        List<LedgerEntry> out = new ArrayList<>();
        ledger(out::add);
        return out;
    }

    /**
     * Streams the ledger without holding the model lock while the entries go out: the lock is held
     * only to take a {@link LedgerView} (a copy of the in-memory window and the archive's current
     * length), so training goes on while a long ledger is read.
     */
    @Override
    public void ledger(Consumer<LedgerEntry> sink) {
        LedgerView view = model.callIo("cannot read the ledger archive", store()::ledgerView);
        try {
            view.forEach(r -> sink.accept(ProtocolMapping.ledgerEntry(r)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ledger archive", e);
        }
    }

    private void publishVersions() {
        if (store == null) {
            published = new PolicyVersion(0, 0, "");
            return;
        }
        published = ProtocolMapping.policyVersion(store.versions());
        ledgerInMemory = store.ledger().size();
    }

    /**
     * Keeps the KL weight and KL to the reference of an applied step for the metrics (the
     * protocol's train result has no field for them) and logs them at debug level.
     */
    private void noteKl(String batchId, StepOutcome outcome) {
        if (outcome.duplicate() || outcome.stats() == null) {
            return;
        }
        lastKlBeta = outcome.stats().klBeta();
        lastKlReference = outcome.stats().klReference();
        LOG.debug(
                "train batch {} -> version {}: kl-beta {}, kl-reference {}",
                batchId,
                outcome.version(),
                lastKlBeta,
                lastKlReference);
    }

    /**
     * β of the KL to the reference that the last applied train step used (its schedule's value at
     * that step), NaN before the first; without waiting for the model.
     */
    public double lastKlBeta() {
        return lastKlBeta;
    }

    /** k3 KL to the reference of the last applied train step, NaN before the first. */
    public double lastKlReference() {
        return lastKlReference;
    }

    /** Rollout entries in the ledger's in-memory window, without waiting for the model. */
    public long ledgerRolloutsInMemory() {
        return ledgerInMemory;
    }

    /** Waits for the running model call, then frees the policy and the learner. */
    @Override
    public void close() {
        model.close(
                () -> {
                    if (learner != null) {
                        learner.close();
                    }
                    policy.close();
                    tokenizer.close();
                    start.deleteScratch();
                });
    }
}
