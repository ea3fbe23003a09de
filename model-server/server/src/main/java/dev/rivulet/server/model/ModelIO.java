package dev.rivulet.server.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivulet.server.io.ArrayFiles;
import dev.rivulet.server.io.AtomicFiles;
import dev.rivulet.server.io.NamedArrays;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Saves and loads a policy as a model directory: {@code config.json} and {@code weights.bin}. */
public final class ModelIO {

    /** Name of the configuration file in a model directory. */
    public static final String CONFIG = "config.json";

    /** Name of the weights file in a model directory. */
    public static final String WEIGHTS = "weights.bin";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelIO() {}

    /** Writes the policy to a new directory {@code dir} atomically. */
    public static void save(TransformerPolicy policy, Path dir) throws IOException {
        float[][] weights = policy.exportParameters();
        AtomicFiles.publishDirectory(dir, d -> writeInto(policy, weights, d));
    }

    /** Writes config and the given weights of {@code policy} into an existing directory. */
    public static void writeInto(TransformerPolicy policy, float[][] weights, Path dir)
            throws IOException {
        JSON.writerWithDefaultPrettyPrinter()
                .writeValue(dir.resolve(CONFIG).toFile(), policy.config());
        ArrayFiles.write(dir.resolve(WEIGHTS), 0, policy.parameterNames(), weights);
    }

    /** Reads the configuration of a model directory. */
    public static PolicyConfig readConfig(Path dir) throws IOException {
        return JSON.readValue(dir.resolve(CONFIG).toFile(), PolicyConfig.class);
    }

    /** Loads a policy from a model directory. */
    public static TransformerPolicy load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("no model directory at " + dir);
        }
        PolicyConfig config = readConfig(dir);
        TransformerPolicy policy = TransformerPolicy.create(config, 0);
        try {
            policy.importParameters(readWeights(dir.resolve(WEIGHTS), policy));
            return policy;
        } catch (IOException | RuntimeException e) {
            policy.close();
            throw e;
        }
    }

    /** Reads a weights file and checks its names against {@code policy}. */
    public static float[][] readWeights(Path file, TransformerPolicy policy) throws IOException {
        NamedArrays a = ArrayFiles.read(file);
        if (!a.names().equals(policy.parameterNames())) {
            throw new IOException(
                    file
                            + " holds parameters "
                            + a.names()
                            + ", the policy has "
                            + policy.parameterNames());
        }
        return a.values();
    }
}
