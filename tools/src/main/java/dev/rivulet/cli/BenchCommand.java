package dev.rivulet.cli;

import dev.rivulet.server.bench.BenchResult;
import dev.rivulet.server.bench.ProcessMemory;
import dev.rivulet.server.bench.ServerBenchmark;
import dev.rivulet.server.model.ModelDir;
import dev.rivulet.server.model.PolicyConfig;
import dev.rivulet.server.service.DeviceSelection;
import dev.rivulet.server.text.CharVocabulary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `rivulet bench`: runs a benchmark and prints one JSON line (progress lines on stderr). {@code
 * generation} measures the model server's core on a preset or any model directory ({@code
 * --model}): KV-cached vs recompute decoding of the same prompts, learner throughput, and the
 * process's resident memory after loading, generation and the first and last learner step; {@code
 * pipeline} compares the Flink pipeline's own rate with a small model server's; {@code allocators}
 * simulates the compare arms' selectors, trackers and allocators on synthetic prompts ({@link
 * AllocatorsBench}) and prints a Markdown table instead; {@code fleet} runs the real job against
 * simulated generator fleets of 1 to 8 ({@link FleetBenchOptions}) and prints its tables and a JSON
 * line.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Run a benchmark (generation, pipeline: one JSON line; allocators: a table;"
                        + " fleet: tables and a JSON line).")
final class BenchCommand implements Callable<Integer> {

    /** Longest benchmark prompt ("999+999=") plus BOS. */
    static final int PROMPT_TOKENS = 9;

    @Spec CommandSpec spec;

    @picocli.CommandLine.Mixin AllocatorsBench allocators = new AllocatorsBench();

    @picocli.CommandLine.Mixin FleetBenchOptions fleet = new FleetBenchOptions();

    @Parameters(
            index = "0",
            description = "What to measure: generation, pipeline, allocators or fleet.")
    String target;

    @Option(
            names = "--model",
            description =
                    "generation: a model directory (Hugging Face layout) to measure instead of a"
                            + " preset; prompts are seeded random token ids.")
    Path model;

    @Option(
            names = "--preset",
            description =
                    "Model preset without --model; its context must fit prompt + new tokens"
                            + " (default: ${DEFAULT-VALUE}).")
    String preset = "medium";

    @Option(names = "--prompts", description = "Prompts per batch (default: ${DEFAULT-VALUE}).")
    int prompts = 256;

    @Option(
            names = "--prompt-tokens",
            description = "With --model: tokens per prompt (default: ${DEFAULT-VALUE}).")
    int promptTokens = 16;

    @Option(names = "--new-tokens", description = "Tokens per prompt (default: ${DEFAULT-VALUE}).")
    int newTokens = 64;

    @Option(
            names = "--learner-batch",
            description = "Sequences per learner step (default: ${DEFAULT-VALUE}).")
    int learnerBatch = 256;

    @Option(
            names = "--learner-steps",
            description =
                    "With --model: timed learner steps after the warm-up step (default:"
                            + " ${DEFAULT-VALUE}).")
    int learnerSteps = 2;

    @Option(names = "--device", description = "cpu, gpu or auto (default: ${DEFAULT-VALUE}).")
    String device = "cpu";

    /** Runs the generation benchmark and returns its JSON fields. */
    Map<String, Object> generation() throws IOException {
        return model != null ? modelGeneration() : presetGeneration();
    }

    private Map<String, Object> presetGeneration() {
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
        BenchResult r = ServerBenchmark.run(preset, prompts, newTokens, learnerBatch, progress());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "generation");
        out.put("preset", r.preset());
        out.put("vocab", CharVocabulary.size());
        out.put("device", dev);
        out.put("cpus", Runtime.getRuntime().availableProcessors());
        out.put("prompts", r.prompts());
        out.put("new_tokens", newTokens);
        putThroughput(out, r);
        out.put("learner_samples_per_s", round(r.learnerSamplesPerSecond()));
        out.put("learner_batch", r.learnerBatch());
        out.put("learner_tokens_per_sample", r.learnerTokensPerSample());
        out.put("parameters", r.parameters());
        putMemory(out, r);
        return out;
    }

    /** The decoding figures both kinds of run report. */
    private static void putThroughput(Map<String, Object> out, BenchResult r) {
        out.put("generated_tokens", r.generatedTokens());
        out.put("tokens_per_s_cached", round(r.cachedTokensPerSecond()));
        out.put("tokens_per_s_recompute", round(r.recomputeTokensPerSecond()));
        out.put("cache_speedup", round(r.cachedTokensPerSecond() / r.recomputeTokensPerSecond()));
        out.put("same_tokens", r.sameTokens());
    }

    private Map<String, Object> modelGeneration() throws IOException {
        if (!Files.isDirectory(model)) {
            throw new IllegalArgumentException("no model directory at " + model);
        }
        PolicyConfig shape = ModelDir.readConfig(model);
        String dev = DeviceSelection.apply(device).toString();
        long t0 = System.nanoTime();
        BenchResult r =
                ServerBenchmark.run(
                        model,
                        prompts,
                        promptTokens,
                        newTokens,
                        learnerBatch,
                        learnerSteps,
                        progress());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "generation");
        out.put("model", model.toAbsolutePath().normalize().toString());
        out.put("model_type", shape.family().modelType());
        out.put("parameters", r.parameters());
        out.put("layers", shape.layers());
        out.put("hidden", shape.hiddenSize());
        out.put("vocab", shape.vocabSize());
        out.put("device", dev);
        out.put("cpus", Runtime.getRuntime().availableProcessors());
        out.put("prompts", r.prompts());
        out.put("prompt_tokens", r.promptTokens());
        out.put("new_tokens", newTokens);
        putThroughput(out, r);
        out.put("learner_samples_per_s", round2(r.learnerSamplesPerSecond()));
        out.put("learner_batch", r.learnerBatch());
        out.put("learner_tokens_per_sample", r.learnerTokensPerSample());
        out.put("learner_seq_len", r.learnerSequenceTokens());
        out.put("learner_steps", r.learnerSteps());
        putMemory(out, r);
        out.put("seconds", round((System.nanoTime() - t0) / 1e9));
        return out;
    }

    /**
     * Memory fields: resident set before the model was loaded, the process's peak after each phase,
     * resident set and peak after the first and the last learner step (the learner's peaks are of
     * the learner phase alone when {@code learner_peak_is_phase_peak}), and the training bytes per
     * parameter.
     */
    private static void putMemory(Map<String, Object> out, BenchResult r) {
        Map<String, ProcessMemory.Reading> m = r.memory();
        out.put("rss_before_load_mib", mib(m.get(BenchResult.BEFORE_LOAD).rssBytes()));
        out.put("peak_rss_load_mib", mib(m.get(BenchResult.LOAD).peakBytes()));
        out.put("peak_rss_generation_mib", mib(m.get(BenchResult.GENERATION).peakBytes()));
        ProcessMemory.Reading first = m.get(BenchResult.LEARNER_STEP_1);
        ProcessMemory.Reading last = m.get(BenchResult.LEARNER_LAST_STEP);
        out.put("rss_learner_step1_mib", mib(first.rssBytes()));
        out.put("peak_rss_learner_step1_mib", mib(first.peakBytes()));
        out.put("rss_learner_last_step_mib", mib(last.rssBytes()));
        out.put("peak_rss_learner_last_step_mib", mib(last.peakBytes()));
        out.put("learner_peak_is_phase_peak", r.learnerPeakIsPhasePeak());
        out.put("peak_rss_mib", mib(r.processPeakBytes()));
        out.put("training_bytes_per_param", round2(r.trainingBytesPerParameter()));
    }

    private static double mib(long bytes) {
        return ProcessMemory.Reading.mib(bytes);
    }

    private static double round2(double v) {
        return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : -1;
    }

    private Consumer<String> progress() {
        PrintWriter err = spec.commandLine().getErr();
        return line -> {
            err.println("bench: " + line);
            err.flush();
        };
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
                dev.rivulet.tools.bench.PipelineBench.pipelineRolloutsPerSecond(
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
                    dev.rivulet.tools.bench.PipelineBench.generationRolloutsPerSecond(
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
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        switch (target) {
            case "generation" -> {
                try {
                    out.println(Jsons.line(generation()));
                } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
                    err.println("rivulet bench: " + e.getMessage());
                    err.flush();
                    return 2;
                }
                out.flush();
                return 0;
            }
            case "pipeline" -> {
                out.println(Jsons.line(pipeline()));
                out.flush();
                return 0;
            }
            case "fleet" -> {
                dev.rivulet.tools.bench.FleetBench.Result r;
                try {
                    r = dev.rivulet.tools.bench.FleetBench.run(fleet.options(), progress());
                } catch (IllegalArgumentException e) {
                    err.println("rivulet bench: " + e.getMessage());
                    err.flush();
                    return 2;
                }
                out.print(dev.rivulet.tools.bench.FleetReport.markdown(r));
                out.println(Jsons.line(dev.rivulet.tools.bench.FleetReport.json(r)));
                out.flush();
                return 0;
            }
            case "allocators" -> {
                try {
                    out.print(allocators.run(progress()));
                } catch (IOException | IllegalArgumentException e) {
                    err.println("rivulet bench: " + e.getMessage());
                    err.flush();
                    return 2;
                }
                out.flush();
                return 0;
            }
            default -> {
                err.println(
                        "rivulet bench: unknown target '"
                                + target
                                + "'; known: generation, pipeline, allocators");
                err.flush();
                return 2;
            }
        }
    }
}
