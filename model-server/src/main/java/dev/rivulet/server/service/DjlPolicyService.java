package dev.rivulet.server.service;

import ai.djl.Device;
import dev.rivulet.protocol.Admission;
import dev.rivulet.protocol.CheckpointInfo;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.FinishReason;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Health;
import dev.rivulet.protocol.LedgerEntry;
import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.ScoreResult;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.TrainResult;
import dev.rivulet.protocol.WeightsDigest;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.protocol.flight.PolicyService;
import dev.rivulet.server.generate.Generator;
import dev.rivulet.server.generate.Sample;
import dev.rivulet.server.generate.SamplingParams;
import dev.rivulet.server.learn.Learner;
import dev.rivulet.server.learn.LearnerConfig;
import dev.rivulet.server.learn.MicroBatch;
import dev.rivulet.server.learn.StepStats;
import dev.rivulet.server.loss.PolicyLosses;
import dev.rivulet.server.model.PolicyConfig;
import dev.rivulet.server.model.TransformerPolicy;
import dev.rivulet.server.state.PolicyStore;
import dev.rivulet.server.text.ChatTemplate;
import dev.rivulet.server.text.HfTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real model server: a DJL {@link TransformerPolicy} with its tokenizer, {@link Generator},
 * {@link Learner} and {@link PolicyStore}, behind the transport-neutral {@link PolicyService}.
 *
 * <p>The DJL core is not thread-safe, so every model access takes one fair lock; {@link
 * #queueDepth()} is the number of calls waiting for it. Every request is validated before the lock
 * is taken, so a bad request never changes weights, versions or the ledger. {@link #health()} and
 * {@link #version()} never wait for the model.
 */
public final class DjlPolicyService implements PolicyService, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DjlPolicyService.class);

    /** Sub-directory of the checkpoint directory that the {@code checkpoint} action writes to. */
    public static final String SNAPSHOTS = "snapshots";

    private final ServiceConfig config;
    private final HfTokenizer tokenizer;
    private final PromptEncoder prompts;
    private final StartingPoint start;
    private final TransformerPolicy policy;
    private final Learner learner;
    private final PolicyStore store;
    private final Generator generator;
    private final String device;
    private final long startedNanos = System.nanoTime();
    private final ReentrantLock model = new ReentrantLock(true);

    /**
     * Results of the batches in the ledger's in-memory window (in version order), to answer a
     * repeated batch with its original numbers; pruned with the window on every commit.
     */
    private final Map<String, TrainResult> results = new LinkedHashMap<>();

    private volatile long current;
    private volatile long committed;
    private volatile long ledgerInMemory;
    private volatile boolean closed;

    /** Drawn anew at start-up and on every rollback; train batches naming another are refused. */
    private volatile String lineage = Lineage.next();

    /**
     * True while prepared checkpoints newer than the current version may exist: kept at start-up
     * for a roll-forward, but dead the moment this server trains on instead (a new version n must
     * never be mistaken for the old lineage's prepared {@code ckpt-n}).
     */
    private boolean durableAhead = true;

    private DjlPolicyService(
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
        Device d = DeviceSelection.apply(config.device());
        StartingPoint start = StartingPoint.resolve(config);
        HfTokenizer tokenizer = null;
        TransformerPolicy policy = null;
        Learner learner = null;
        try {
            tokenizer = HfTokenizer.load(start.textDir());
            start.checkVocabulary(tokenizer.vocabSize());
            PromptEncoder prompts =
                    new PromptEncoder(tokenizer, ChatTemplate.from(start.textDir()).orElse(null));
            policy = start.createPolicy();
            learner =
                    new Learner(
                            policy,
                            PolicyLosses.create(config.loss()),
                            LearnerConfig.defaults().withLearningRate(config.learningRate()));
            PolicyStore store =
                    new PolicyStore(learner, config.ledgerWindow(), config.checkpointDir());
            store.copyModelFilesFrom(start.textDir());
            if (start.checkpoint() != null) {
                store.restore(config.checkpointDir());
            }
            LOG.info(
                    "policy {} on {} from {}, version {}",
                    policy.config(),
                    d,
                    start.describe(),
                    store.version());
            return new DjlPolicyService(
                    config, prompts, start, policy, learner, store, d.toString());
        } catch (IOException | RuntimeException e) {
            if (learner != null) {
                learner.close();
            }
            if (policy != null) {
                policy.close();
            }
            if (tokenizer != null) {
                tokenizer.close();
            }
            start.deleteScratch();
            throw e;
        }
    }

    /** Calls waiting for the model lock (the queue depth). */
    public int queueDepth() {
        return model.getQueueLength();
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
                        requests, prompts, policy.config(), config.maxGenerateSequences());
        for (List<GenerationPlan.Row> chunk : GenerationPlan.chunks(rows, config.generateChunk())) {
            GenerationPlan.Row first = chunk.get(0);
            SamplingParams params =
                    new SamplingParams(
                            first.greedy() ? 0.0 : first.request().temperature(),
                            first.request().topP(),
                            first.request().maxNewTokens(),
                            tokenizer.eosIds());
            List<dev.rivulet.server.generate.DecodeRequest> core = new ArrayList<>();
            for (GenerationPlan.Row r : chunk) {
                core.add(new dev.rivulet.server.generate.DecodeRequest(r.promptTokens(), r.seed()));
            }
            long version;
            List<Sample> samples;
            lock();
            try {
                version = store.version();
                samples = generator.generate(core, params);
            } finally {
                model.unlock();
            }
            for (int i = 0; i < chunk.size(); i++) {
                GenerationPlan.Row r = chunk.get(i);
                Sample s = samples.get(i);
                sink.accept(
                        new Completion(
                                r.request().requestId(),
                                r.request().promptId(),
                                r.sampleIndex(),
                                r.promptTokens(),
                                s.tokens(),
                                s.logprobs(),
                                tokenizer.decode(s.tokens()),
                                version,
                                s.stopReason() == dev.rivulet.server.generate.StopReason.STOP
                                        ? FinishReason.STOP
                                        : FinishReason.LENGTH));
            }
        }
    }

    @Override
    public TrainResult train(TrainBatch batch) {
        MicroBatch micro = RequestChecks.trainBatch(batch, policy.config(), config.maxTrainRows());
        lock();
        try {
            requireLineage(batch);
            TrainResult earlier = results.get(batch.batchId());
            var done = store.ledger().batchVersion(batch.batchId());
            if (done.isPresent()) {
                return earlier != null
                        ? earlier.asDuplicate()
                        : new TrainResult(
                                batch.batchId(),
                                done.get(),
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                0,
                                0,
                                true);
            }
            if (batch.baseVersion() != TrainBatch.ANY_BASE
                    && batch.baseVersion() != store.version()) {
                throw new PolicyInvalidRequestException(
                        "train batch "
                                + batch.batchId()
                                + " expects base version "
                                + batch.baseVersion()
                                + " but the server is at version "
                                + store.version()
                                + " (committed "
                                + store.committedVersion()
                                + "); nothing was applied");
            }
            dropDeadPreparedCheckpoints();
            dev.rivulet.server.state.StepOutcome r;
            try {
                r = store.train(micro);
            } catch (IllegalArgumentException e) {
                throw new PolicyInvalidRequestException(
                        "train batch " + batch.batchId() + ": " + e.getMessage(), e);
            }
            StepStats s = r.stats();
            TrainResult out =
                    new TrainResult(
                            batch.batchId(),
                            r.version(),
                            s.loss(),
                            s.klBehaviour(),
                            s.entropy(),
                            s.clipFraction(),
                            s.gradNorm(),
                            Math.toIntExact(s.tokens()),
                            s.samples(),
                            false);
            remember(out);
            return out;
        } finally {
            publishVersions();
            model.unlock();
        }
    }

    /** Before training on from version v: prepared checkpoints above v belong to no lineage. */
    private void dropDeadPreparedCheckpoints() {
        Path root = config.checkpointDir();
        if (!durableAhead || root == null) {
            return;
        }
        try {
            var dead = PolicyStore.durableCheckpoints(root).tailMap(store.version(), false);
            if (!dead.isEmpty()) {
                LOG.info(
                        "training on from version {}: deleting prepared checkpoints {} of a"
                                + " lineage that was not rolled forward to",
                        store.version(),
                        dead.keySet());
                PolicyStore.dropDurableAfter(root, store.version());
            }
            durableAhead = false;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot delete prepared checkpoints above version " + store.version(), e);
        }
    }

    private void requireLineage(TrainBatch batch) {
        if (!batch.lineage().isEmpty() && !batch.lineage().equals(lineage)) {
            throw new PolicyInvalidRequestException(
                    "train batch "
                            + batch.batchId()
                            + " was sent for lineage "
                            + batch.lineage()
                            + " but the server has started or rolled back since (now lineage "
                            + lineage
                            + " at version "
                            + store.version()
                            + "); nothing was applied");
        }
    }

    private void remember(TrainResult result) {
        results.put(result.batchId(), result);
    }

    /** Forgets the results of batches that left the ledger's window (archived). */
    private void pruneResults() {
        long horizon = store.ledger().horizon();
        for (var it = results.values().iterator(); it.hasNext(); ) {
            if (it.next().policyVersion() > horizon) {
                break;
            }
            it.remove();
        }
    }

    /** Ledger rows in memory (the window) and results remembered, for tests and metrics. */
    public LedgerFootprint ledgerFootprint() {
        return locked(
                () ->
                        new LedgerFootprint(
                                store.ledger().size(),
                                store.ledger().batchCount(),
                                results.size(),
                                store.ledger().horizon(),
                                store.ledger().archivedRollouts()));
    }

    /**
     * What the ledger holds in memory.
     *
     * @param rollouts rollout entries in the window
     * @param batches batch entries in the window
     * @param results remembered train results
     * @param horizon versions up to this one are archived
     * @param archivedRollouts rollouts archived (or, without a checkpoint directory, dropped)
     */
    public record LedgerFootprint(
            int rollouts, int batches, int results, long horizon, long archivedRollouts) {}

    @Override
    public Health health() {
        return new Health(
                closed ? "closed" : "ok",
                current,
                committed,
                device,
                (System.nanoTime() - startedNanos) / 1_000_000);
    }

    @Override
    public PolicyVersion version() {
        long c = committed;
        return new PolicyVersion(Math.max(current, c), c, lineage);
    }

    @Override
    public List<ScoreResult> score(List<ScoreRequest> requests) {
        RequestChecks.scoreRequests(requests, policy.config(), config.maxGenerateSequences());
        List<ScoreResult> out = new ArrayList<>(requests.size());
        lock();
        try {
            long version = store.version();
            int chunk = config.generateChunk();
            for (int b = 0; b < requests.size(); b += chunk) {
                List<ScoreRequest> part = requests.subList(b, Math.min(requests.size(), b + chunk));
                out.addAll(scoreChunk(part, version));
            }
        } finally {
            model.unlock();
        }
        return out;
    }

    private List<ScoreResult> scoreChunk(List<ScoreRequest> part, long version) {
        List<int[]> prompts = new ArrayList<>();
        List<int[]> responses = new ArrayList<>();
        for (ScoreRequest r : part) {
            prompts.add(r.promptTokens());
            responses.add(r.responseTokens());
        }
        List<float[]> logp = policy.responseLogprobs(prompts, responses, tokenizer.padId());
        List<ScoreResult> out = new ArrayList<>(part.size());
        for (int r = 0; r < part.size(); r++) {
            out.add(new ScoreResult(part.get(r).sequenceId(), logp.get(r), version));
        }
        return out;
    }

    @Override
    public PolicyVersion prepare(long version) {
        lock();
        try {
            if (version > store.committedVersion()) {
                if (!store.heldVersions().contains(version)) {
                    throw new PolicyInvalidRequestException(
                            "cannot prepare version "
                                    + version
                                    + ": the server holds versions "
                                    + store.heldVersions()
                                    + " (current "
                                    + store.version()
                                    + ", committed "
                                    + store.committedVersion()
                                    + ")");
                }
                if (config.checkpointDir() != null) {
                    Path dir = store.prepare(config.checkpointDir(), version);
                    LOG.debug("prepared version {} in {}", version, dir);
                }
            }
            return new PolicyVersion(store.version(), store.committedVersion(), lineage);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint of version " + version, e);
        } finally {
            model.unlock();
        }
    }

    @Override
    public PolicyVersion commit(long version) {
        lock();
        try {
            if (version > store.version()) {
                throw new PolicyInvalidRequestException(
                        "cannot commit version "
                                + version
                                + ": the current version is "
                                + store.version());
            }
            if (version > store.committedVersion()) {
                if (config.checkpointDir() != null) {
                    Path dir = store.publishCommitted(config.checkpointDir(), version);
                    LOG.debug("committed version {} in {}", version, dir);
                }
                store.commit(version);
                pruneResults();
            }
            return new PolicyVersion(store.version(), store.committedVersion(), lineage);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint of version " + version, e);
        } finally {
            publishVersions();
            model.unlock();
        }
    }

    @Override
    public PolicyVersion rollback(long version) {
        lock();
        try {
            Path root = config.checkpointDir();
            boolean held = store.heldVersions().contains(version);
            boolean durable =
                    !held
                            && root != null
                            && version >= store.committedVersion()
                            && PolicyStore.durableCheckpoints(root).containsKey(version);
            if (!held && !durable) {
                throw new PolicyInvalidRequestException(
                        "cannot roll back to version "
                                + version
                                + ": allowed versions are "
                                + store.committedVersion()
                                + ".."
                                + store.version()
                                + " (committed..current) and the prepared ones "
                                + (root == null
                                        ? "[]"
                                        : PolicyStore.durableCheckpoints(root)
                                                .tailMap(store.committedVersion(), true)
                                                .keySet()));
            }
            if (root != null) {
                PolicyStore.dropDurableAfter(root, version);
            }
            if (held) {
                store.rollback(version);
            } else {
                store.rollbackFromDisk(root, version);
                LOG.info("rolled back to prepared version {} from {}", version, root);
            }
            results.values().removeIf(r -> r.policyVersion() > version);
            lineage = Lineage.next();
            return new PolicyVersion(store.version(), store.committedVersion(), lineage);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot roll back to version " + version, e);
        } finally {
            publishVersions();
            model.unlock();
        }
    }

    @Override
    public WeightsDigest digest(long version) {
        lock();
        try {
            if (version < 0) {
                throw new PolicyInvalidRequestException(
                        "digest: version must be >= 0, got " + version);
            }
            String memory = store.memoryDigest(version);
            String durable =
                    config.checkpointDir() == null
                            ? null
                            : store.durableDigest(config.checkpointDir(), version);
            return new WeightsDigest(version, store.version(), memory, durable);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint of version " + version, e);
        } finally {
            model.unlock();
        }
    }

    @Override
    public CheckpointInfo checkpoint() {
        if (config.checkpointDir() == null) {
            throw new PolicyInvalidRequestException(
                    "checkpoint: this server has no checkpoint directory (start it with"
                            + " --checkpoint-dir)");
        }
        lock();
        try {
            Path dir = store.checkpoint(config.checkpointDir().resolve(SNAPSHOTS));
            return new CheckpointInfo(dir.toString(), store.version());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a checkpoint", e);
        } finally {
            model.unlock();
        }
    }

    @Override
    public List<LedgerEntry> ledger() {
        List<LedgerEntry> out = new ArrayList<>();
        ledger(out::add);
        return out;
    }

    /**
     * Streams the ledger without holding the model lock while the entries go out: the lock is held
     * only to take a {@link PolicyStore.LedgerView} (a copy of the in-memory window and the
     * archive's current length), so training goes on while a long ledger is read.
     */
    @Override
    public void ledger(java.util.function.Consumer<LedgerEntry> sink) {
        PolicyStore.LedgerView view =
                locked(
                        () -> {
                            try {
                                return store.ledgerView();
                            } catch (IOException e) {
                                throw new UncheckedIOException("cannot read the ledger archive", e);
                            }
                        });
        try {
            view.forEach(
                    e -> sink.accept(new LedgerEntry(e.rolloutId(), e.batchId(), e.version())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ledger archive", e);
        }
    }

    private <T> T locked(Supplier<T> body) {
        lock();
        try {
            return body.get();
        } finally {
            model.unlock();
        }
    }

    private void lock() {
        model.lock();
        if (closed) {
            model.unlock();
            throw new IllegalStateException("the policy service is closed");
        }
    }

    private void publishVersions() {
        committed = store.committedVersion();
        current = store.version();
        ledgerInMemory = store.ledger().size();
    }

    /** Rollout entries in the ledger's in-memory window, without waiting for the model. */
    public long ledgerRolloutsInMemory() {
        return ledgerInMemory;
    }

    /** Waits for the running model call, then frees the policy and the learner. */
    @Override
    public void close() {
        model.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            learner.close();
            policy.close();
            tokenizer.close();
            start.deleteScratch();
        } finally {
            model.unlock();
        }
    }
}
