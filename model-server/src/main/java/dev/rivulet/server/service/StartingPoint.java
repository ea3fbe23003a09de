package dev.rivulet.server.service;

import dev.rivulet.server.model.ModelDir;
import dev.rivulet.server.model.PolicyConfig;
import dev.rivulet.server.model.TransformerPolicy;
import dev.rivulet.server.state.Durability;
import dev.rivulet.server.text.CharVocabulary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a service starts from: the newest checkpoint, else a base model directory (Hugging Face
 * layout), else a fresh seeded model of a preset shape over the built-in character vocabulary; a
 * requested size that contradicts a stored shape fails. The tokenizer always comes from a model
 * directory: the checkpoint's (when it holds tokenizer.json), the base model's, or a scratch
 * directory holding the character vocabulary.
 *
 * @param shape the policy shape
 * @param checkpoint the checkpoint directory to restore, or null
 * @param modelDir the base model directory to load, or null
 * @param textDir the directory the tokenizer and chat template are read from
 * @param seed the seed of a fresh model
 * @param scratch a directory this start created (the fresh model's vocabulary), deleted on close;
 *     null when none
 */
record StartingPoint(
        PolicyConfig shape, Path checkpoint, Path modelDir, Path textDir, long seed, Path scratch) {

    static StartingPoint resolve(ServiceConfig config, Durability durability) throws IOException {
        Path ckpt = durability.latest().orElse(null);
        Path base = config.model().dir();
        if (base != null && !Files.isRegularFile(base.resolve("config.json"))) {
            throw new IOException(
                    "model directory "
                            + base
                            + " has no config.json (expected a Hugging Face model directory:"
                            + " config.json, *.safetensors, tokenizer.json, tokenizer_config.json)");
        }
        Path text = textDirOf(ckpt, base);
        Path scratch = null;
        if (text == null) {
            scratch = Files.createTempDirectory("rivulet-vocab");
            CharVocabulary.write(scratch);
            text = scratch;
        }
        StartingPoint p;
        if (ckpt != null) {
            p =
                    new StartingPoint(
                            ModelDir.readConfig(ckpt),
                            ckpt,
                            null,
                            text,
                            config.model().seed(),
                            scratch);
        } else if (base != null) {
            p =
                    new StartingPoint(
                            ModelDir.readConfig(base),
                            null,
                            base,
                            text,
                            config.model().seed(),
                            scratch);
        } else {
            String size = config.model().size() == null ? "small" : config.model().size();
            return new StartingPoint(
                    preset(size, CharVocabulary.size()),
                    null,
                    null,
                    text,
                    config.model().seed(),
                    scratch);
        }
        if (config.model().size() != null
                && !preset(config.model().size(), p.shape.vocabSize()).equals(p.shape)) {
            throw new IllegalArgumentException(
                    "--model-size "
                            + config.model().size()
                            + " does not match "
                            + p.describe()
                            + ", whose shape is "
                            + p.shape
                            + " (leave the size out to use the stored shape)");
        }
        return p;
    }

    /** The checkpoint when it holds a tokenizer, else the base model directory, else null. */
    private static Path textDirOf(Path ckpt, Path base) {
        if (ckpt != null && Files.isRegularFile(ckpt.resolve("tokenizer.json"))) {
            return ckpt;
        }
        return base;
    }

    /** Fails when the tokenizer has ids the model's embedding does not. */
    void checkVocabulary(int tokenizerVocab) {
        if (tokenizerVocab > shape.vocabSize()) {
            throw new IllegalArgumentException(
                    describe()
                            + " has "
                            + shape.vocabSize()
                            + " token ids, fewer than its tokenizer's "
                            + tokenizerVocab
                            + " (from "
                            + textDir
                            + ")");
        }
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

    /** The starting policy; one that is not {@code trainable} records no gradients. */
    TransformerPolicy createPolicy(boolean trainable) throws IOException {
        return modelDir != null
                ? ModelDir.loadPolicy(modelDir, trainable)
                : TransformerPolicy.create(shape, seed, trainable);
    }

    /** Deletes the scratch directory, if this start made one. */
    void deleteScratch() {
        if (scratch == null) {
            return;
        }
        try (var files = Files.list(scratch)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(scratch);
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
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
