package dev.rivulet.server.model;

import dev.rivulet.server.io.AtomicFiles;
import dev.rivulet.server.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model directory in the Hugging Face Hub layout: {@code config.json} and {@code
 * model.safetensors} (or shards with {@code model.safetensors.index.json}), plus the tokenizer
 * files; the one way policies are loaded and saved.
 */
public final class ModelDir {

    /** Name of the configuration file in a model directory. */
    public static final String CONFIG = "config.json";

    /** Name of the (single-file) weights in a model directory. */
    public static final String WEIGHTS = SafeTensors.SINGLE;

    /** Tokenizer and generation files copied along with a model. */
    public static final List<String> TOKENIZER_FILES =
            List.of(
                    "tokenizer.json",
                    "tokenizer_config.json",
                    "generation_config.json",
                    "special_tokens_map.json");

    /** The {@code __metadata__} transformers expects of a PyTorch safetensors file. */
    public static final Map<String, String> PT_METADATA = Map.of("format", "pt");

    private ModelDir() {}

    /** Reads {@code dir/config.json}; an error names a bad or unsupported field. */
    public static PolicyConfig readConfig(Path dir) throws IOException {
        Path file = dir.resolve(CONFIG);
        if (!Files.isRegularFile(file)) {
            throw new IOException("no " + CONFIG + " in " + dir);
        }
        return PolicyConfig.readJson(file);
    }

    /**
     * Loads a trainable policy from a model directory; bf16 / fp16 / fp32 tensors are widened to
     * float32. A missing, extra or misshapen tensor is an error naming it.
     */
    public static TransformerPolicy loadPolicy(Path dir) throws IOException {
        return loadPolicy(dir, true);
    }

    /**
     * Loads the policy of the model directory {@code dir}; one that is not {@code trainable}
     * records no gradients (a generator's).
     */
    public static TransformerPolicy loadPolicy(Path dir, boolean trainable) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("no model directory at " + dir);
        }
        PolicyConfig config = readConfig(dir);
        SafeTensors st = SafeTensors.open(dir);
        CheckpointCheck.check(st, ParamSpec.layout(config), config, dir);
        return TransformerPolicy.fromWeights(config, s -> st.readFloat32(s.name()), trainable);
    }

    /** Reads the weights of a model directory for {@code config}, in layout order, checked. */
    public static float[][] readWeights(Path dir, PolicyConfig config) throws IOException {
        SafeTensors st = SafeTensors.open(dir);
        List<ParamSpec> layout = ParamSpec.layout(config);
        CheckpointCheck.check(st, layout, config, dir);
        float[][] out = new float[layout.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = st.readFloats(layout.get(i).name());
        }
        return out;
    }

    /** Writes config.json and the given weights (F32 model.safetensors) into an existing dir. */
    public static void writeWeights(TransformerPolicy policy, float[][] weights, Path dir)
            throws IOException {
        writeWeights(policy.config(), weights, dir);
    }

    /** Writes config.json and {@code weights} (layout order of {@code config}) into {@code dir}. */
    public static void writeWeights(PolicyConfig config, float[][] weights, Path dir)
            throws IOException {
        List<ParamSpec> layout = ParamSpec.layout(config);
        if (weights.length != layout.size()) {
            throw new IllegalArgumentException(
                    layout.size() + " parameters expected, got " + weights.length);
        }
        config.writeJson(dir.resolve(CONFIG));
        writeTensors(layout, dir.resolve(WEIGHTS), i -> weights[i], SafeTensors.Dtype.F32);
    }

    /** Writes the policy's current weights to a new directory {@code dir} atomically. */
    public static void save(TransformerPolicy policy, Path dir) throws IOException {
        float[][] weights = policy.exportParameters();
        AtomicFiles.publishDirectory(dir, d -> writeWeights(policy, weights, d));
    }

    /**
     * Writes a seeded random checkpoint of {@code config} (the weights {@link
     * TransformerPolicy#create} draws from the same seed) as bf16, as Hub checkpoints ship, one
     * tensor at a time: a 0.6 B-parameter shape needs no more heap than its largest tensor.
     */
    public static void writeRandom(PolicyConfig config, long seed, Path dir) throws IOException {
        writeRandom(config, seed, dir, SafeTensors.Dtype.BF16);
    }

    /** Like {@link #writeRandom(PolicyConfig, long, Path)} with the given storage type. */
    public static void writeRandom(
            PolicyConfig config, long seed, Path dir, SafeTensors.Dtype dtype) throws IOException {
        Files.createDirectories(dir);
        Initializer init = new Initializer(config, seed);
        config.writeJson(dir.resolve(CONFIG));
        writeTensors(init.layout(), dir.resolve(WEIGHTS), init::values, dtype);
    }

    /**
     * Copies tokenizer.json, tokenizer_config.json, generation_config.json and
     * special_tokens_map.json from {@code from} to {@code to}, those that exist.
     */
    public static void copyTokenizerFiles(Path from, Path to) throws IOException {
        for (String name : TOKENIZER_FILES) {
            Path src = from.resolve(name);
            if (Files.isRegularFile(src)) {
                Files.copy(src, to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void writeTensors(
            List<ParamSpec> layout,
            Path file,
            java.util.function.IntFunction<float[]> values,
            SafeTensors.Dtype dtype)
            throws IOException {
        List<String> names = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        for (ParamSpec s : layout) {
            names.add(s.name());
            shapes.add(s.shape());
        }
        SafeTensors.write(file, PT_METADATA, names, shapes, values, dtype);
    }
}
