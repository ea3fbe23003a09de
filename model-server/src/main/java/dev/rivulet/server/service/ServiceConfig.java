package dev.rivulet.server.service;

import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.server.learn.OptimizerConfig;
import dev.rivulet.server.loss.PolicyLosses;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link DjlPolicyService} is built from.
 *
 * @param model which policy, from where, on which device
 * @param checkpointDir where commits write durable checkpoints and where a start restores from;
 *     null keeps everything in memory
 * @param training the loss and the optimiser
 * @param limits request sizes and the in-memory ledger window
 */
public record ServiceConfig(Model model, Path checkpointDir, Training training, Limits limits) {

    /** Known model presets. */
    public static final Set<String> MODEL_SIZES = Set.of("tiny", "small", "medium");

    /** Known device choices. */
    public static final Set<String> DEVICES = Set.of("cpu", "gpu", "auto");

    public ServiceConfig {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(limits, "limits");
    }

    /**
     * The policy.
     *
     * @param size preset {@code tiny}, {@code small} or {@code medium}; null takes the shape of the
     *     checkpoint or model directory (and {@code small} when there is neither)
     * @param dir pretrained base model directory to start from when no checkpoint exists; null for
     *     a fresh seeded model
     * @param seed seed of a freshly initialised model
     * @param device {@code cpu}, {@code gpu} or {@code auto}
     */
    public record Model(String size, Path dir, long seed, String device) {
        public Model {
            if (size != null && !MODEL_SIZES.contains(size)) {
                throw new IllegalArgumentException(
                        "model size must be one of tiny, small, medium; got '" + size + "'");
            }
            if (!DEVICES.contains(device)) {
                throw new IllegalArgumentException(
                        "device must be one of cpu, gpu, auto; got '" + device + "'");
            }
        }
    }

    /**
     * How the learner trains.
     *
     * @param loss policy-loss id (see {@code PolicyLosses.ids()})
     * @param lossOptions the loss's options (see its factory's {@code options()})
     * @param optimizer the learner's optimiser, gradient clip and KL weight
     */
    public record Training(String loss, StrategyOptions lossOptions, OptimizerConfig optimizer) {
        public Training {
            Objects.requireNonNull(loss, "loss");
            Objects.requireNonNull(lossOptions, "lossOptions");
            Objects.requireNonNull(optimizer, "optimizer");
            if (Double.isInfinite(optimizer.learningRate())) {
                throw new IllegalArgumentException(
                        "learningRate must be > 0, got " + optimizer.learningRate());
            }
        }
    }

    /**
     * Sizes the server accepts and keeps.
     *
     * @param maxGenerateSequences most sequences (requests × samples) one generate call may ask for
     * @param maxTrainRows most rollouts one train batch may carry
     * @param generateChunk sequences decoded together; completions are pushed after each chunk
     * @param ledgerWindow versions of ledger entries kept in memory behind the committed version;
     *     older ones go to the ledger archive ({@code ledger-archive.tsv} and its gzip segments) in
     *     the checkpoint directory (or are only counted without one)
     */
    public record Limits(
            int maxGenerateSequences,
            int maxTrainRows,
            int generateChunk,
            int ledgerWindow,
            int retainedCheckpoints) {
        public Limits {
            positive(maxGenerateSequences, "maxGenerateSequences");
            positive(maxTrainRows, "maxTrainRows");
            positive(generateChunk, "generateChunk");
            positive(ledgerWindow, "ledgerWindow");
            if (retainedCheckpoints < 0) {
                throw new IllegalArgumentException(
                        "retainedCheckpoints must be >= 0, got " + retainedCheckpoints);
            }
        }

        /** Limits keeping the default number of retained checkpoints. */
        public Limits(
                int maxGenerateSequences, int maxTrainRows, int generateChunk, int ledgerWindow) {
            this(
                    maxGenerateSequences,
                    maxTrainRows,
                    generateChunk,
                    ledgerWindow,
                    dev.rivulet.server.state.CheckpointDirectory.DEFAULT_RETAINED);
        }

        private static void positive(int v, String field) {
            if (v <= 0) {
                throw new IllegalArgumentException(field + " must be > 0, got " + v);
            }
        }
    }

    /**
     * Small model from shape or checkpoint, no checkpoints, ppo-clip with its default options, the
     * default optimiser (learning rate 2e-4), seed 0, CPU, at most 1024 sequences per generate call
     * and 1024 rows per train batch, chunks of 256, a ledger window of 64 versions.
     */
    public static ServiceConfig defaults() {
        return new ServiceConfig(
                new Model(null, null, 0, "cpu"),
                null,
                new Training("ppo-clip", StrategyOptions.empty(), OptimizerConfig.defaults()),
                new Limits(1024, 1024, 256, 64));
    }

    /** The optimiser's learning rate. */
    public double learningRate() {
        return training.optimizer().learningRate();
    }

    public ServiceConfig withModelSize(String v) {
        return new ServiceConfig(
                new Model(v, model.dir(), model.seed(), model.device()),
                checkpointDir,
                training,
                limits);
    }

    public ServiceConfig withModelDir(Path v) {
        return new ServiceConfig(
                new Model(model.size(), v, model.seed(), model.device()),
                checkpointDir,
                training,
                limits);
    }

    public ServiceConfig withCheckpointDir(Path v) {
        return new ServiceConfig(model, v, training, limits);
    }

    /** Copy with another loss at its default options. */
    public ServiceConfig withLoss(String v) {
        return withLoss(v, StrategyOptions.empty());
    }

    /**
     * Copy with another loss and options, checked now by building the loss once.
     *
     * @throws IllegalArgumentException for an unknown id or a bad option, naming it
     */
    public ServiceConfig withLoss(String id, StrategyOptions options) {
        PolicyLosses.create(id, options);
        return new ServiceConfig(
                model, checkpointDir, new Training(id, options, training.optimizer()), limits);
    }

    /** Copy with another optimiser config. */
    public ServiceConfig withOptimizer(OptimizerConfig v) {
        return new ServiceConfig(
                model,
                checkpointDir,
                new Training(training.loss(), training.lossOptions(), v),
                limits);
    }

    public ServiceConfig withSeed(long v) {
        return new ServiceConfig(
                new Model(model.size(), model.dir(), v, model.device()),
                checkpointDir,
                training,
                limits);
    }

    public ServiceConfig withDevice(String v) {
        return new ServiceConfig(
                new Model(model.size(), model.dir(), model.seed(), v),
                checkpointDir,
                training,
                limits);
    }

    /** Copy with another learning rate. */
    public ServiceConfig withLearningRate(double v) {
        return withOptimizer(training.optimizer().withLearningRate(v));
    }

    /** Copy with other size limits. */
    public ServiceConfig withLimits(int maxSequences, int maxRows, int chunk) {
        return new ServiceConfig(
                model,
                checkpointDir,
                training,
                new Limits(
                        maxSequences,
                        maxRows,
                        chunk,
                        limits.ledgerWindow(),
                        limits.retainedCheckpoints()));
    }

    /** Copy with another ledger window (versions of ledger entries kept in memory). */
    public ServiceConfig withLedgerWindow(int v) {
        return new ServiceConfig(
                model,
                checkpointDir,
                training,
                new Limits(
                        limits.maxGenerateSequences(),
                        limits.maxTrainRows(),
                        limits.generateChunk(),
                        v,
                        limits.retainedCheckpoints()));
    }

    /**
     * Copy keeping at most {@code v} checkpoints that savepoints reference (retained for a rewind;
     * each is a full copy of weights and optimizer state on disk).
     */
    public ServiceConfig withRetainedCheckpoints(int v) {
        return new ServiceConfig(
                model,
                checkpointDir,
                training,
                new Limits(
                        limits.maxGenerateSequences(),
                        limits.maxTrainRows(),
                        limits.generateChunk(),
                        limits.ledgerWindow(),
                        v));
    }
}
