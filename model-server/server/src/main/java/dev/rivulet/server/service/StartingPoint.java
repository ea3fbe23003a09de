package dev.rivulet.server.service;

import dev.rivulet.server.model.ModelDir;
import dev.rivulet.server.model.PolicyConfig;
import dev.rivulet.server.model.TransformerPolicy;
import dev.rivulet.server.state.PolicyStore;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a service starts from: the newest checkpoint, else a base model directory, else a fresh
 * seeded model of a preset shape; a requested size that contradicts a stored shape fails.
 *
 * @param shape the policy shape
 * @param checkpoint the checkpoint directory to restore, or null
 * @param modelDir the base model directory to load, or null
 * @param seed the seed of a fresh model
 */
record StartingPoint(PolicyConfig shape, Path checkpoint, Path modelDir, long seed) {

    static StartingPoint resolve(ServiceConfig config, int vocabSize) throws IOException {
        Path ckpt =
                config.checkpointDir() == null
                        ? null
                        : PolicyStore.latestCheckpoint(config.checkpointDir()).orElse(null);
        StartingPoint p;
        if (ckpt != null) {
            p = new StartingPoint(ModelDir.readConfig(ckpt), ckpt, null, config.seed());
        } else if (config.modelDir() != null) {
            p =
                    new StartingPoint(
                            ModelDir.readConfig(config.modelDir()),
                            null,
                            config.modelDir(),
                            config.seed());
        } else {
            String size = config.modelSize() == null ? "small" : config.modelSize();
            return new StartingPoint(preset(size, vocabSize), null, null, config.seed());
        }
        if (config.modelSize() != null && !preset(config.modelSize(), vocabSize).equals(p.shape)) {
            throw new IllegalArgumentException(
                    "--model-size "
                            + config.modelSize()
                            + " does not match "
                            + p.describe()
                            + ", whose shape is "
                            + p.shape
                            + " (leave the size out to use the stored shape)");
        }
        if (p.shape.vocabSize() != vocabSize) {
            throw new IllegalArgumentException(
                    p.describe()
                            + " has "
                            + p.shape.vocabSize()
                            + " token ids, the tokenizer "
                            + vocabSize);
        }
        return p;
    }

    /** The shape of a named preset. */
    static PolicyConfig preset(String size, int vocabSize) {
        return switch (size) {
            case "tiny" -> PolicyConfig.tiny(vocabSize);
            case "small" -> PolicyConfig.small(vocabSize);
            case "medium" -> PolicyConfig.medium(vocabSize);
            default ->
                    throw new IllegalArgumentException(
                            "model size must be tiny, small or medium; got '" + size + "'");
        };
    }

    TransformerPolicy createPolicy() throws IOException {
        return modelDir != null
                ? ModelDir.loadPolicy(modelDir)
                : TransformerPolicy.create(shape, seed);
    }

    String describe() {
        if (checkpoint != null) {
            return "checkpoint " + checkpoint;
        }
        if (modelDir != null) {
            return "model directory " + modelDir;
        }
        return "a fresh model (seed " + seed + ")";
    }
}
