package dev.rivulet.server.bench;

import dev.rivulet.server.generate.DecodeMode;
import dev.rivulet.server.generate.GenerationRequest;
import dev.rivulet.server.generate.Generator;
import dev.rivulet.server.generate.Sample;
import dev.rivulet.server.generate.SamplingParams;
import dev.rivulet.server.learn.Learner;
import dev.rivulet.server.learn.LearnerConfig;
import dev.rivulet.server.learn.MicroBatch;
import dev.rivulet.server.learn.TrainSample;
import dev.rivulet.server.loss.PolicyLosses;
import dev.rivulet.server.model.ModelDir;
import dev.rivulet.server.model.PolicyConfig;
import dev.rivulet.server.model.TransformerPolicy;
import dev.rivulet.server.text.CharVocabulary;
import dev.rivulet.server.text.HfTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Measures cached vs recompute generation (many prompts, no stop token) and learner throughput for
 * a preset or any model directory; run with {@code -Dai.djl.offline=true}.
 */
public final class ServerBenchmark {

    private static final int RESPONSE_TOKENS = 20;

    private ServerBenchmark() {}

    /** Runs the measurement for {@code preset} ("small" or "medium"). */
    public static BenchResult run(String preset, int prompts, int newTokens, int learnerBatch) {
        HfTokenizer tok = CharVocabulary.tokenizer();
        PolicyConfig cfg =
                preset.equals("medium")
                        ? PolicyConfig.medium(tok.vocabSize())
                        : PolicyConfig.small(tok.vocabSize());
        Random rnd = new Random(1);
        List<GenerationRequest> reqs = new ArrayList<>();
        for (int i = 0; i < prompts; i++) {
            String p = rnd.nextInt(1000) + "+" + rnd.nextInt(1000) + "=";
            reqs.add(new GenerationRequest(tok.encodePrompt(p), i));
        }
        try (TransformerPolicy policy = TransformerPolicy.create(cfg, 1)) {
            return measure(preset, policy, reqs, tok.padId(), newTokens, learnerBatch, 3, 5);
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
        try (TransformerPolicy policy = ModelDir.loadPolicy(modelDir)) {
            PolicyConfig cfg = policy.config();
            if (promptTokens + newTokens > cfg.contextLength()) {
                throw new IllegalArgumentException(
                        promptTokens
                                + " prompt + "
                                + newTokens
                                + " new tokens exceed the context "
                                + cfg.contextLength());
            }
            Random rnd = new Random(1);
            List<GenerationRequest> reqs = new ArrayList<>();
            for (int i = 0; i < prompts; i++) {
                int[] ids = new int[promptTokens];
                for (int t = 0; t < ids.length; t++) {
                    ids[t] = rnd.nextInt(cfg.vocabSize());
                }
                reqs.add(new GenerationRequest(ids, i));
            }
            String label = String.valueOf(modelDir.getFileName());
            return measure(label, policy, reqs, 0, newTokens, learnerBatch, 1, 2);
        }
    }

    private static BenchResult measure(
            String label,
            TransformerPolicy policy,
            List<GenerationRequest> reqs,
            int padId,
            int newTokens,
            int learnerBatch,
            int warmSteps,
            int steps) {
        SamplingParams params = new SamplingParams(1.0, 1.0, newTokens, new int[0]);
        Generator gen = new Generator(policy, padId);
        List<GenerationRequest> warm = reqs.subList(0, Math.min(8, reqs.size()));
        gen.generate(warm, params, DecodeMode.CACHED);
        gen.generate(warm, params, DecodeMode.RECOMPUTE);
        long t0 = System.nanoTime();
        List<Sample> cached = gen.generate(reqs, params, DecodeMode.CACHED);
        double cachedSec = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        List<Sample> full = gen.generate(reqs, params, DecodeMode.RECOMPUTE);
        double fullSec = (System.nanoTime() - t0) / 1e9;
        long tokens = cached.stream().mapToLong(s -> s.tokens().length).sum();
        boolean same = true;
        for (int i = 0; i < cached.size(); i++) {
            same &= Arrays.equals(cached.get(i).tokens(), full.get(i).tokens());
        }
        List<TrainSample> batch = new ArrayList<>();
        for (int i = 0; i < learnerBatch; i++) {
            Sample s = cached.get(i % cached.size());
            int n = Math.min(RESPONSE_TOKENS, s.tokens().length);
            batch.add(
                    new TrainSample(
                            "r" + i,
                            s.promptTokens(),
                            Arrays.copyOf(s.tokens(), n),
                            Arrays.copyOf(s.logprobs(), n),
                            i % 2 == 0 ? 1.0 : -1.0));
        }
        double samplesPerSec;
        try (Learner learner =
                new Learner(policy, PolicyLosses.create("ppo-clip"), LearnerConfig.defaults())) {
            for (int w = 0; w < warmSteps; w++) {
                learner.step(MicroBatch.of("warm" + w, batch));
            }
            t0 = System.nanoTime();
            for (int k = 0; k < steps; k++) {
                learner.step(MicroBatch.of("b" + k, batch));
            }
            samplesPerSec = steps * learnerBatch / ((System.nanoTime() - t0) / 1e9);
        }
        return new BenchResult(
                label,
                reqs.size(),
                tokens,
                tokens / cachedSec,
                tokens / fullSec,
                same,
                samplesPerSec,
                learnerBatch,
                RESPONSE_TOKENS);
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
