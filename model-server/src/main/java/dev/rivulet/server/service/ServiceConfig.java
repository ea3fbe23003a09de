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
 * @param modelSize preset {@code tiny}, {@code small} or {@code medium}; null takes the shape of
 *     the checkpoint or model directory (and {@code small} when there is neither)
 * @param modelDir pretrained base model directory to start from when no checkpoint exists; null for
 *     a fresh seeded model
 * @param checkpointDir where commits write durable checkpoints and where a start restores from;
 *     null keeps everything in memory
 * @param loss policy-loss id (see {@code PolicyLosses.ids()})
 * @param lossOptions the loss's options (see its factory's {@code options()})
 * @param optimizer the learner's optimiser, gradient clip and KL weight
 * @param seed seed of a freshly initialised model
 * @param device {@code cpu}, {@code gpu} or {@code auto}
 * @param maxGenerateSequences most sequences (requests × samples) one generate call may ask for
 * @param maxTrainRows most rollouts one train batch may carry
 * @param generateChunk sequences decoded together; completions are pushed after each chunk
 * @param ledgerWindow versions of ledger entries kept in memory behind the committed version; older
 *     ones go to {@code ledger-archive.tsv} in the checkpoint directory (or are only counted
 *     without one)
 */
public record ServiceConfig(
        String modelSize,
        Path modelDir,
        Path checkpointDir,
        String loss,
        StrategyOptions lossOptions,
        OptimizerConfig optimizer,
        long seed,
        String device,
        int maxGenerateSequences,
        int maxTrainRows,
        int generateChunk,
        int ledgerWindow) {

    /** Known model presets. */
    public static final Set<String> MODEL_SIZES = Set.of("tiny", "small", "medium");

    /** Known device choices. */
    public static final Set<String> DEVICES = Set.of("cpu", "gpu", "auto");

    /** Validates values, failing with the name of the bad field. */
    public ServiceConfig {
        if (modelSize != null && !MODEL_SIZES.contains(modelSize)) {
            throw new IllegalArgumentException(
                    "model size must be one of tiny, small, medium; got '" + modelSize + "'");
        }
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(lossOptions, "lossOptions");
        Objects.requireNonNull(optimizer, "optimizer");
        if (Double.isInfinite(optimizer.learningRate())) {
            throw new IllegalArgumentException(
                    "learningRate must be > 0, got " + optimizer.learningRate());
        }
        if (!DEVICES.contains(device)) {
            throw new IllegalArgumentException(
                    "device must be one of cpu, gpu, auto; got '" + device + "'");
        }
        positive(maxGenerateSequences, "maxGenerateSequences");
        positive(maxTrainRows, "maxTrainRows");
        positive(generateChunk, "generateChunk");
        positive(ledgerWindow, "ledgerWindow");
    }

    private static void positive(int v, String field) {
        if (v <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, got " + v);
        }
    }

    /**
     * Small model from shape or checkpoint, no checkpoints, ppo-clip with its default options, the
     * default optimiser (learning rate 2e-4), seed 0, CPU, at most 1024 sequences per generate call
     * and 1024 rows per train batch, chunks of 256, a ledger window of 64 versions.
     */
    public static ServiceConfig defaults() {
        return new ServiceConfig(
                null,
                null,
                null,
                "ppo-clip",
                StrategyOptions.empty(),
                OptimizerConfig.defaults(),
                0,
                "cpu",
                1024,
                1024,
                256,
                64);
    }

    /** The optimiser's learning rate. */
    public double learningRate() {
        return optimizer.learningRate();
    }

    public ServiceConfig withModelSize(String v) {
        return new ServiceConfig(
                v,
                modelDir,
                checkpointDir,
                loss,
                lossOptions,
                optimizer,
                seed,
                device,
                maxGenerateSequences,
                maxTrainRows,
                generateChunk,
                ledgerWindow);
    }

    public ServiceConfig withModelDir(Path v) {
        return new ServiceConfig(
                modelSize,
                v,
                checkpointDir,
                loss,
                lossOptions,
                optimizer,
                seed,
                device,
                maxGenerateSequences,
                maxTrainRows,
                generateChunk,
                ledgerWindow);
    }

    public ServiceConfig withCheckpointDir(Path v) {
        return new ServiceConfig(
                modelSize,
                modelDir,
                v,
                loss,
                lossOptions,
                optimizer,
                seed,
                device,
                maxGenerateSequences,
                maxTrainRows,
                generateChunk,
                ledgerWindow);
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
                modelSize,
                modelDir,
                checkpointDir,
                id,
                options,
                optimizer,
                seed,
                device,
                maxGenerateSequences,
                maxTrainRows,
                generateChunk,
                ledgerWindow);
    }

    /** Copy with another optimiser config. */
    public ServiceConfig withOptimizer(OptimizerConfig v) {
        return new ServiceConfig(
                modelSize,
                modelDir,
                checkpointDir,
                loss,
                lossOptions,
                v,
                seed,
                device,
                maxGenerateSequences,
                maxTrainRows,
                generateChunk,
                ledgerWindow);
    }

    public ServiceConfig withSeed(long v) {
        return new ServiceConfig(
                modelSize,
                modelDir,
                checkpointDir,
                loss,
                lossOptions,
                optimizer,
                v,
                device,
                maxGenerateSequences,
                maxTrainRows,
                generateChunk,
                ledgerWindow);
    }

    public ServiceConfig withDevice(String v) {
        return new ServiceConfig(
                modelSize,
                modelDir,
                checkpointDir,
                loss,
                lossOptions,
                optimizer,
                seed,
                v,
                maxGenerateSequences,
                maxTrainRows,
                generateChunk,
                ledgerWindow);
    }

    /** Copy with another learning rate. */
    public ServiceConfig withLearningRate(double v) {
        return withOptimizer(optimizer.withLearningRate(v));
    }

    /** Copy with other size limits. */
    public ServiceConfig withLimits(int maxSequences, int maxRows, int chunk) {
        return new ServiceConfig(
                modelSize,
                modelDir,
                checkpointDir,
                loss,
                lossOptions,
                optimizer,
                seed,
                device,
                maxSequences,
                maxRows,
                chunk,
                ledgerWindow);
    }

    /** Copy with another ledger window (versions of ledger entries kept in memory). */
    public ServiceConfig withLedgerWindow(int v) {
        return new ServiceConfig(
                modelSize,
                modelDir,
                checkpointDir,
                loss,
                lossOptions,
                optimizer,
                seed,
                device,
                maxGenerateSequences,
                maxTrainRows,
                generateChunk,
                v);
    }
}
