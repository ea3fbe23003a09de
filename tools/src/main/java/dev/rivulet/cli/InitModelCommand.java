package dev.rivulet.cli;

import dev.rivulet.server.io.AtomicFiles;
import dev.rivulet.server.io.SafeTensors;
import dev.rivulet.server.model.ModelDir;
import dev.rivulet.server.model.PolicyConfig;
import dev.rivulet.server.text.CharVocabulary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `rivulet init-model`: writes a seeded random checkpoint of a known shape as a Hub-layout model
 * directory (config.json, model.safetensors, the character vocabulary's tokenizer files), for
 * benchmarks and as a fresh starting point; prints one JSON line.
 */
@Command(
        name = "init-model",
        mixinStandardHelpOptions = true,
        description =
                "Write a random checkpoint of a known shape (qwen3-0.6b, tiny, small, medium) as a"
                        + " Hugging Face model directory, with the character vocabulary's"
                        + " tokenizer files.")
final class InitModelCommand implements Callable<Integer> {

    /** The shapes this command writes. */
    enum Shape {
        QWEN3_0_6B("qwen3-0.6b"),
        TINY("tiny"),
        SMALL("small"),
        MEDIUM("medium");

        private final String label;

        Shape(String label) {
            this.label = label;
        }

        /** The configuration; the presets' vocabulary is the character vocabulary's. */
        PolicyConfig config() {
            return switch (this) {
                case QWEN3_0_6B -> PolicyConfig.qwen3_0_6b();
                case TINY -> PolicyConfig.tiny(CharVocabulary.size());
                case SMALL -> PolicyConfig.small(CharVocabulary.size());
                case MEDIUM -> PolicyConfig.medium(CharVocabulary.size());
            };
        }

        @Override
        public String toString() {
            return label;
        }

        static Shape parse(String value) {
            for (Shape s : values()) {
                if (s.label.equalsIgnoreCase(value.trim())) {
                    return s;
                }
            }
            throw new IllegalArgumentException(
                    "unknown shape '" + value + "'; known: qwen3-0.6b, tiny, small, medium");
        }
    }

    @Spec CommandSpec spec;

    @Option(
            names = "--shape",
            required = true,
            converter = ShapeConverter.class,
            description = "qwen3-0.6b, tiny, small or medium.")
    Shape shape;

    @Option(names = "--out", required = true, description = "Model directory to create.")
    Path out;

    @Option(names = "--seed", description = "Initialisation seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(
            names = "--dtype",
            description = "Storage type of the weights: bf16 or f32 (default: ${DEFAULT-VALUE}).")
    String dtype = "bf16";

    /** picocli converter for {@link Shape}. */
    static final class ShapeConverter implements picocli.CommandLine.ITypeConverter<Shape> {
        @Override
        public Shape convert(String value) {
            return Shape.parse(value);
        }
    }

    static SafeTensors.Dtype dtype(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "bf16", "bfloat16" -> SafeTensors.Dtype.BF16;
            case "f32", "fp32", "float32" -> SafeTensors.Dtype.F32;
            default ->
                    throw new IllegalArgumentException(
                            "--dtype must be bf16 or f32, got '" + value + "'");
        };
    }

    /** Writes the directory and returns the JSON fields. */
    Map<String, Object> write() throws IOException {
        SafeTensors.Dtype type = dtype(dtype);
        PolicyConfig config = shape.config();
        if (Files.exists(out)) {
            throw new IllegalArgumentException(
                    "--out " + out + " already exists; choose a new directory");
        }
        long t0 = System.nanoTime();
        AtomicFiles.publishDirectory(
                out,
                d -> {
                    ModelDir.writeRandom(config, seed, d, type);
                    CharVocabulary.write(d);
                });
        long bytes;
        try (Stream<Path> files = Files.list(out)) {
            bytes = files.mapToLong(InitModelCommand::size).sum();
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("dir", out.toAbsolutePath().normalize().toString());
        line.put("shape", shape.toString());
        line.put("model_type", config.family().modelType());
        line.put("parameters", config.parameterCount());
        line.put("vocab", config.vocabSize());
        line.put("tokenizer_vocab", CharVocabulary.size());
        line.put("dtype", type.name().toLowerCase(Locale.ROOT));
        line.put("seed", seed);
        line.put("bytes", bytes);
        line.put("seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        return line;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public Integer call() {
        Map<String, Object> line;
        try {
            if (shape == Shape.QWEN3_0_6B) {
                spec.commandLine()
                        .getErr()
                        .printf(
                                "init-model: writing %,d random parameters to %s%n",
                                shape.config().parameterCount(), out);
                spec.commandLine().getErr().flush();
            }
            line = write();
        } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("rivulet init-model: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
        spec.commandLine().getOut().println(Jsons.line(line));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
