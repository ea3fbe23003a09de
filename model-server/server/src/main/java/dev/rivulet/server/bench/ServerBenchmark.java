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
import dev.rivulet.server.model.CharTokenizer;
import dev.rivulet.server.model.PolicyConfig;
import dev.rivulet.server.model.TransformerPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Measures cached vs recompute generation (many prompts, no stop token) and learner throughput for
 * a preset; run with {@code -Dai.djl.offline=true}.
 */
public final class ServerBenchmark {

    private ServerBenchmark() {}

    /** Runs the measurement for {@code preset} ("small" or "medium"). */
    public static BenchResult run(String preset, int prompts, int newTokens, int learnerBatch) {
        CharTokenizer tok = new CharTokenizer();
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
        SamplingParams params = new SamplingParams(1.0, 1.0, newTokens, new int[0]);
        try (TransformerPolicy policy = TransformerPolicy.create(cfg, 1)) {
            Generator gen = new Generator(policy, tok.padId());
            gen.generate(reqs.subList(0, 8), params, DecodeMode.CACHED);
            gen.generate(reqs.subList(0, 8), params, DecodeMode.RECOMPUTE);
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
            int respLen = 20;
            List<TrainSample> batch = new ArrayList<>();
            for (int i = 0; i < learnerBatch; i++) {
                Sample s = cached.get(i % cached.size());
                int n = Math.min(respLen, s.tokens().length);
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
                    new Learner(
                            policy, PolicyLosses.create("ppo-clip"), LearnerConfig.defaults())) {
                for (int w = 0; w < 3; w++) {
                    learner.step(MicroBatch.of("warm" + w, batch));
                }
                int steps = 5;
                t0 = System.nanoTime();
                for (int k = 0; k < steps; k++) {
                    learner.step(MicroBatch.of("b" + k, batch));
                }
                samplesPerSec = steps * learnerBatch / ((System.nanoTime() - t0) / 1e9);
            }
            return new BenchResult(
                    preset,
                    prompts,
                    tokens,
                    tokens / cachedSec,
                    tokens / fullSec,
                    same,
                    samplesPerSec,
                    learnerBatch,
                    respLen);
        }
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
