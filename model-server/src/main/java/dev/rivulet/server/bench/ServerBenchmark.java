package dev.rivulet.server.bench;

import dev.rivulet.server.generate.DecodeMode;
import dev.rivulet.server.generate.DecodeRequest;
import dev.rivulet.server.generate.Generator;
import dev.rivulet.server.generate.Sample;
import dev.rivulet.server.generate.SamplingParams;
import dev.rivulet.server.learn.Learner;
import dev.rivulet.server.learn.MicroBatch;
import dev.rivulet.server.learn.OptimizerConfig;
import dev.rivulet.server.learn.TrainSample;
import dev.rivulet.server.loss.PolicyLosses;
import dev.rivulet.server.model.Engines;
import dev.rivulet.server.model.ModelDir;
import dev.rivulet.server.model.PolicyConfig;
import dev.rivulet.server.model.TransformerPolicy;
import dev.rivulet.server.text.CharVocabulary;
import dev.rivulet.server.text.HfTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Measures cached vs recompute generation (many prompts, no stop token) and learner throughput for
 * a preset or any model directory; run with {@code -Dai.djl.offline=true}.
 */
public final class ServerBenchmark {

    private static final int RESPONSE_TOKENS = 20;

    private ServerBenchmark() {}

    /** Runs the measurement for {@code preset} ("small" or "medium"). */
    public static BenchResult run(String preset, int prompts, int newTokens, int learnerBatch) {
        return run(preset, prompts, newTokens, learnerBatch, line -> {});
    }

    /** Like {@link #run(String, int, int, int)}, reporting progress lines to {@code progress}. */
    public static BenchResult run(
            String preset,
            int prompts,
            int newTokens,
            int learnerBatch,
            Consumer<String> progress) {
        HfTokenizer tok = CharVocabulary.tokenizer();
        PolicyConfig cfg =
                preset.equals("medium")
                        ? PolicyConfig.medium(tok.vocabSize())
                        : PolicyConfig.small(tok.vocabSize());
        Random rnd = new Random(1);
        List<DecodeRequest> reqs = new ArrayList<>();
        for (int i = 0; i < prompts; i++) {
            String p = rnd.nextInt(1000) + "+" + rnd.nextInt(1000) + "=";
            reqs.add(new DecodeRequest(tok.encodePrompt(p), i));
        }
        Map<String, ProcessMemory.Reading> memory = new LinkedHashMap<>();
        memory.put(BenchResult.BEFORE_LOAD, engineLoaded());
        try (TransformerPolicy policy = TransformerPolicy.create(cfg, 1)) {
            memory.put(BenchResult.LOAD, ProcessMemory.read());
            return measure(
                    preset,
                    policy,
                    reqs,
                    tok.padId(),
                    newTokens,
                    learnerBatch,
                    3,
                    5,
                    memory,
                    progress);
        }
    }

    /**
     * Runs the measurement on the checkpoint in {@code modelDir} with {@code prompts} prompts of
     * {@code promptTokens} seeded random token ids (no tokenizer needed), one warm-up and two timed
     * learner steps.
     */
    public static BenchResult run(
            Path modelDir, int prompts, int promptTokens, int newTokens, int learnerBatch)
            throws IOException {
        return run(modelDir, prompts, promptTokens, newTokens, learnerBatch, 2, line -> {});
    }

    /**
     * Like {@link #run(Path, int, int, int, int)} with {@code learnerSteps} timed learner steps
     * after the warm-up step, reporting progress lines (loading, each generation pass, each learner
     * step) to {@code progress}.
     */
    public static BenchResult run(
            Path modelDir,
            int prompts,
            int promptTokens,
            int newTokens,
            int learnerBatch,
            int learnerSteps,
            Consumer<String> progress)
            throws IOException {
        if (prompts < 1 || promptTokens < 1 || newTokens < 1 || learnerBatch < 1) {
            throw new IllegalArgumentException(
                    "prompts, prompt tokens, new tokens and learner batch must be >= 1");
        }
        if (learnerSteps < 1) {
            throw new IllegalArgumentException("learner steps must be >= 1, got " + learnerSteps);
        }
        PolicyConfig shape = ModelDir.readConfig(modelDir);
        if (promptTokens + newTokens > shape.contextLength()) {
            throw new IllegalArgumentException(
                    promptTokens
                            + " prompt + "
                            + newTokens
                            + " new tokens exceed the context "
                            + shape.contextLength());
        }
        Map<String, ProcessMemory.Reading> memory = new LinkedHashMap<>();
        memory.put(BenchResult.BEFORE_LOAD, engineLoaded());
        progress.accept(
                String.format(
                        "loading %s (%s, %,d parameters)",
                        modelDir, shape.family().modelType(), shape.parameterCount()));
        long t0 = System.nanoTime();
        try (TransformerPolicy policy = ModelDir.loadPolicy(modelDir)) {
            // the loading buffers (memory-mapped file, widened copies) are garbage now
            System.gc();
            memory.put(BenchResult.LOAD, ProcessMemory.read());
            progress.accept(
                    String.format(
                            "loaded in %.1f s, %s",
                            seconds(t0), describe(memory.get(BenchResult.LOAD))));
            PolicyConfig cfg = policy.config();
            Random rnd = new Random(1);
            List<DecodeRequest> reqs = new ArrayList<>();
            for (int i = 0; i < prompts; i++) {
                int[] ids = new int[promptTokens];
                for (int t = 0; t < ids.length; t++) {
                    ids[t] = rnd.nextInt(cfg.vocabSize());
                }
                reqs.add(new DecodeRequest(ids, i));
            }
            String label = String.valueOf(modelDir.toAbsolutePath().normalize().getFileName());
            return measure(
                    label,
                    policy,
                    reqs,
                    0,
                    newTokens,
                    learnerBatch,
                    1,
                    learnerSteps,
                    memory,
                    progress);
        }
    }

    /** Loads the engine (libtorch) so that the reading excludes it, then reads. */
    private static ProcessMemory.Reading engineLoaded() {
        Engines.newManager().close();
        System.gc();
        return ProcessMemory.read();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static String describe(ProcessMemory.Reading r) {
        return String.format(
                "rss %.0f MiB, peak %.0f MiB",
                ProcessMemory.Reading.mib(r.rssBytes()), ProcessMemory.Reading.mib(r.peakBytes()));
    }

    private static BenchResult measure(
            String label,
            TransformerPolicy policy,
            List<DecodeRequest> reqs,
            int padId,
            int newTokens,
            int learnerBatch,
            int warmSteps,
            int steps,
            Map<String, ProcessMemory.Reading> memory,
            Consumer<String> progress) {
        SamplingParams params = new SamplingParams(1.0, 1.0, newTokens, new int[0]);
        Generator gen = new Generator(policy, padId);
        List<DecodeRequest> warm = reqs.subList(0, Math.min(8, reqs.size()));
        progress.accept(String.format("warm-up generation (%d prompts)", warm.size()));
        gen.generate(warm, params, DecodeMode.CACHED);
        gen.generate(warm, params, DecodeMode.RECOMPUTE);
        progress.accept(
                String.format(
                        "generating %d prompts x %d new tokens with the KV cache",
                        reqs.size(), newTokens));
        long t0 = System.nanoTime();
        List<Sample> cached = gen.generate(reqs, params, DecodeMode.CACHED);
        double cachedSec = seconds(t0);
        long tokens = cached.stream().mapToLong(s -> s.tokens().length).sum();
        progress.accept(
                String.format(
                        "cached: %.1f s (%.1f tokens/s); recomputing the prefix every step",
                        cachedSec, tokens / cachedSec));
        t0 = System.nanoTime();
        List<Sample> full = gen.generate(reqs, params, DecodeMode.RECOMPUTE);
        double fullSec = seconds(t0);
        boolean same = true;
        for (int i = 0; i < cached.size(); i++) {
            same &= Arrays.equals(cached.get(i).tokens(), full.get(i).tokens());
        }
        memory.put(BenchResult.GENERATION, ProcessMemory.read());
        progress.accept(
                String.format(
                        "recompute: %.1f s (%.1f tokens/s), same tokens: %s; %s",
                        fullSec,
                        tokens / fullSec,
                        same,
                        describe(memory.get(BenchResult.GENERATION))));
        List<TrainSample> batch = new ArrayList<>();
        int longest = 0;
        int responseTokens = 0;
        for (int i = 0; i < learnerBatch; i++) {
            Sample s = cached.get(i % cached.size());
            int n = Math.min(RESPONSE_TOKENS, s.tokens().length);
            longest = Math.max(longest, s.promptTokens().length + n);
            responseTokens = Math.max(responseTokens, n);
            batch.add(
                    new TrainSample(
                            "r" + i,
                            s.promptTokens(),
                            Arrays.copyOf(s.tokens(), n),
                            Arrays.copyOf(s.logprobs(), n),
                            i % 2 == 0 ? 1.0 : -1.0));
        }
        // the learner phase's own peak: drop garbage, then lower the high-water mark to now
        System.gc();
        boolean reset = ProcessMemory.resetPeak();
        double samplesPerSec;
        int total = warmSteps + steps;
        try (Learner learner =
                new Learner(policy, PolicyLosses.create("ppo-clip"), OptimizerConfig.defaults())) {
            long timed = 0;
            for (int k = 1; k <= total; k++) {
                long s0 = System.nanoTime();
                learner.step(MicroBatch.of("b" + k, batch));
                if (k > warmSteps) {
                    timed += System.nanoTime() - s0;
                }
                ProcessMemory.Reading r = ProcessMemory.read();
                if (k == 1) {
                    memory.put(BenchResult.LEARNER_STEP_1, r);
                }
                if (k == total) {
                    memory.put(BenchResult.LEARNER_LAST_STEP, r);
                }
                progress.accept(
                        String.format(
                                "learner step %d/%d (%d x %d tokens)%s: %.1f s, %s",
                                k,
                                total,
                                learnerBatch,
                                longest,
                                k <= warmSteps ? " warm-up" : "",
                                seconds(s0),
                                describe(r)));
            }
            samplesPerSec = steps * learnerBatch / (timed / 1e9);
        }
        return new BenchResult(
                label,
                policy.config().parameterCount(),
                reqs.size(),
                reqs.stream().mapToInt(r -> r.promptTokens().length).max().orElse(0),
                tokens,
                tokens / cachedSec,
                tokens / fullSec,
                same,
                samplesPerSec,
                learnerBatch,
                responseTokens,
                longest,
                total,
                Collections.unmodifiableMap(memory),
                reset);
    }

    /**
     * Prints results; arguments: comma-separated presets (default {@code small,medium}) and new
     * tokens per prompt (default 64).
     */
    public static void main(String[] args) {
        String[] presets = (args.length > 0 ? args[0] : "small,medium").split(",");
        int newTokens = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        for (String preset : presets) {
            System.out.println(run(preset, 256, newTokens, 256));
        }
    }
}
