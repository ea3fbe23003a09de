package dev.rivulet.cli;

import dev.rivulet.server.bench.BenchResult;
import dev.rivulet.server.bench.ServerBenchmark;
import dev.rivulet.server.service.DeviceSelection;
import dev.rivulet.server.text.CharVocabulary;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `rivulet bench`: runs a benchmark and prints one JSON line. {@code generation} measures the model
 * server's core (KV-cached vs recompute decoding of the same prompts, learner throughput); the
 * pipeline benchmark is tracked elsewhere.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Run a benchmark (generation, pipeline) and print one JSON line.")
final class BenchCommand implements Callable<Integer> {

    /** Longest benchmark prompt ("999+999=") plus BOS. */
    static final int PROMPT_TOKENS = 9;

    @Parameters(index = "0", description = "What to measure: generation or pipeline.")
    String target;

    @Option(
            names = "--preset",
            description =
                    "Model preset; its context must fit prompt + new tokens (default: ${DEFAULT-VALUE}).")
    String preset = "medium";

    @Option(names = "--prompts", description = "Prompts per batch (default: ${DEFAULT-VALUE}).")
    int prompts = 256;

    @Option(names = "--new-tokens", description = "Tokens per prompt (default: ${DEFAULT-VALUE}).")
    int newTokens = 64;

    @Option(
            names = "--learner-batch",
            description = "Sequences per learner step (default: ${DEFAULT-VALUE}).")
    int learnerBatch = 256;

    @Option(names = "--device", description = "cpu, gpu or auto (default: ${DEFAULT-VALUE}).")
    String device = "cpu";

    /** Runs the generation benchmark and returns its JSON fields. */
    Map<String, Object> generation() {
        int context =
                switch (preset) {
                    case "small" -> 64;
                    case "medium" -> 128;
                    default ->
                            throw new IllegalArgumentException(
                                    "--preset must be small or medium, got '" + preset + "'");
                };
        if (PROMPT_TOKENS + newTokens > context) {
            throw new IllegalArgumentException(
                    "preset "
                            + preset
                            + " has context "
                            + context
                            + ", too short for "
                            + PROMPT_TOKENS
                            + " prompt + "
                            + newTokens
                            + " new tokens; use --preset medium or fewer --new-tokens");
        }
        String dev = DeviceSelection.apply(device).toString();
        BenchResult r = ServerBenchmark.run(preset, prompts, newTokens, learnerBatch);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "generation");
        out.put("preset", r.preset());
        out.put("vocab", CharVocabulary.tokenizer().vocabSize());
        out.put("device", dev);
        out.put("cpus", Runtime.getRuntime().availableProcessors());
        out.put("prompts", r.prompts());
        out.put("new_tokens", newTokens);
        out.put("generated_tokens", r.generatedTokens());
        out.put("tokens_per_s_cached", round(r.cachedTokensPerSecond()));
        out.put("tokens_per_s_recompute", round(r.recomputeTokensPerSecond()));
        out.put("cache_speedup", round(r.cachedTokensPerSecond() / r.recomputeTokensPerSecond()));
        out.put("same_tokens", r.sameTokens());
        out.put("learner_samples_per_s", round(r.learnerSamplesPerSecond()));
        out.put("learner_batch", r.learnerBatch());
        out.put("learner_tokens_per_sample", r.learnerTokensPerSample());
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    @Option(
            names = "--seconds",
            description = "pipeline: seconds measured per side (default: ${DEFAULT-VALUE}).")
    int seconds = 30;

    /**
     * The pipeline's own rate (RocksDB, checkpoints, a model-less server) next to a real small
     * model server's generation rate for the same call shape, measured one after the other.
     */
    private java.util.Map<String, Object> pipeline() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("rivulet-bench-pipeline");
        double pipelineRate =
                dev.rivulet.jobs.bench.PipelineBench.pipelineRolloutsPerSecond(
                        dir,
                        java.time.Duration.ofSeconds(10),
                        java.time.Duration.ofSeconds(seconds));
        double generationRate;
        try (var server =
                dev.rivulet.server.app.ModelServer.start(
                        dev.rivulet.server.app.ModelServerConfig.local(
                                        dev.rivulet.server.service.ServiceConfig.defaults()
                                                .withModelSize("small")
                                                .withDevice(device))
                                .withMetricsPort(-1))) {
            generationRate =
                    dev.rivulet.jobs.bench.PipelineBench.generationRolloutsPerSecond(
                            dev.rivulet.operators.client.PolicyEndpoint.local(server.port()),
                            java.time.Duration.ofSeconds(seconds));
        }
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("benchmark", "pipeline");
        out.put("cpus", Runtime.getRuntime().availableProcessors());
        out.put("seconds", seconds);
        out.put("pipeline_rollouts_per_s", round(pipelineRate));
        out.put("generation_rollouts_per_s", round(generationRate));
        out.put("pipeline_over_generation", round(pipelineRate / generationRate));
        return out;
    }

    @Override
    public Integer call() throws Exception {
        switch (target) {
            case "generation" -> {
                System.out.println(Jsons.line(generation()));
                return 0;
            }
            case "pipeline" -> {
                System.out.println(Jsons.line(pipeline()));
                return 0;
            }
            default -> {
                System.err.println(
                        "rivulet bench: unknown target '"
                                + target
                                + "'; known: generation, pipeline");
                return 2;
            }
        }
    }
}
