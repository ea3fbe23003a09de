package dev.rivulet.server.pretrain;

import ai.djl.ndarray.NDManager;
import dev.rivulet.server.learn.Learner;
import dev.rivulet.server.learn.MicroBatch;
import dev.rivulet.server.learn.OptimizerConfig;
import dev.rivulet.server.learn.StepStats;
import dev.rivulet.server.learn.TrainSample;
import dev.rivulet.server.loss.PolicyLosses;
import dev.rivulet.server.model.Engines;
import dev.rivulet.server.model.ModelDir;
import dev.rivulet.server.model.SequenceBatch;
import dev.rivulet.server.model.Tokenizer;
import dev.rivulet.server.model.TransformerPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Supervised warm-up: cross-entropy on the answer tokens plus EOS, which is the {@code reinforce}
 * loss with advantage 1, trained through the same {@link Learner} (own AdamW, gradient clip 1).
 */
public final class Pretrainer {

    private final TransformerPolicy policy;
    private final Tokenizer tokenizer;
    private final PretrainConfig config;

    /**
     * A warm-up run for {@code policy} with texts encoded by {@code tokenizer}, whose ids must fit
     * the policy's vocabulary.
     */
    public Pretrainer(TransformerPolicy policy, Tokenizer tokenizer, PretrainConfig config) {
        if (tokenizer.vocabSize() > policy.config().vocabSize()) {
            // Hub checkpoints often pad the embedding beyond the tokenizer (Qwen: 151 936 rows
            // for 151 669 tokens), so only a tokenizer larger than the model is refused
            throw new IllegalArgumentException(
                    "tokenizer has "
                            + tokenizer.vocabSize()
                            + " ids, more than the policy's "
                            + policy.config().vocabSize());
        }
        this.policy = policy;
        this.tokenizer = tokenizer;
        this.config = config;
    }

    /**
     * Trains on {@code examples} for the configured epochs, calling {@code progress} after every
     * step (may be null).
     *
     * @throws IllegalArgumentException if an example cannot be encoded or is longer than the
     *     context
     */
    public PretrainResult train(List<Example> examples, Consumer<PretrainProgress> progress) {
        List<TrainSample> data = encode(examples);
        int perEpoch = (data.size() + config.batchSize() - 1) / config.batchSize();
        int total = perEpoch * config.epochs();
        OptimizerConfig lc =
                new OptimizerConfig(
                        config.learningRate(), 0.9, 0.999, 1e-8, config.weightDecay(), 1.0, 0.0);
        List<Double> stepLosses = new ArrayList<>();
        List<Double> epochLosses = new ArrayList<>();
        long tokens = 0;
        long start = System.nanoTime();
        Random rnd = new Random(config.seed());
        try (Learner learner = new Learner(policy, PolicyLosses.create("reinforce"), lc)) {
            int step = 0;
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                List<TrainSample> order = new ArrayList<>(data);
                Collections.shuffle(order, rnd);
                double sum = 0;
                long count = 0;
                for (int b = 0; b < order.size(); b += config.batchSize()) {
                    List<TrainSample> batch =
                            order.subList(b, Math.min(order.size(), b + config.batchSize()));
                    StepStats s = learner.step(MicroBatch.of("pretrain-" + step, batch));
                    step++;
                    stepLosses.add(s.loss());
                    sum += s.loss() * s.tokens();
                    count += s.tokens();
                    if (progress != null) {
                        progress.accept(new PretrainProgress(epoch, step, total, s.loss()));
                    }
                }
                tokens += count;
                epochLosses.add(sum / count);
            }
        }
        return new PretrainResult(
                stepLosses, epochLosses, tokens, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Trains on fresh batches from {@code batches} (one learner, one optimizer) until {@code
     * budget} has passed, taking at least one step; {@code progress} (may be null) sees every step
     * with {@code totalSteps = 0} (unknown). The configured batch size and epochs are not used.
     */
    public PretrainResult trainFor(
            Supplier<List<Example>> batches, Duration budget, Consumer<PretrainProgress> progress) {
        return trainFor(batches, budget, 0, progress);
    }

    /**
     * Like {@link #trainFor(Supplier, Duration, Consumer)}, but also stops after {@code maxSteps}
     * steps when it is positive: a step count makes the result independent of machine load.
     */
    public PretrainResult trainFor(
            Supplier<List<Example>> batches,
            Duration budget,
            int maxSteps,
            Consumer<PretrainProgress> progress) {
        OptimizerConfig lc =
                new OptimizerConfig(
                        config.learningRate(), 0.9, 0.999, 1e-8, config.weightDecay(), 1.0, 0.0);
        List<Double> stepLosses = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        double sum = 0;
        long tokens = 0;
        try (Learner learner = new Learner(policy, PolicyLosses.create("reinforce"), lc)) {
            int step = 0;
            int skipped = 0;
            do {
                List<TrainSample> batch = encode(batches.get());
                StepStats s;
                try {
                    s = learner.step(MicroBatch.of("pretrain-" + step, batch));
                } catch (IllegalStateException nonFinite) {
                    // A non-finite gradient (seen rarely on tiny models): the learner applied
                    // nothing; skip this batch rather than lose the whole warm-up.
                    if (++skipped > MAX_SKIPPED_STEPS) {
                        throw nonFinite;
                    }
                    org.slf4j.LoggerFactory.getLogger(Pretrainer.class)
                            .warn("pretrain step {} skipped: {}", step, nonFinite.getMessage());
                    continue;
                }
                step++;
                stepLosses.add(s.loss());
                sum += s.loss() * s.tokens();
                tokens += s.tokens();
                if (progress != null) {
                    progress.accept(new PretrainProgress(0, step, 0, s.loss()));
                }
            } while (System.nanoTime() < deadline && (maxSteps <= 0 || step < maxSteps));
        }
        return new PretrainResult(
                stepLosses,
                List.of(sum / Math.max(1, tokens)),
                tokens,
                (System.nanoTime() - start) / 1e9);
    }

    /** Steps with a non-finite gradient a warm-up may skip before it gives up. */
    static final int MAX_SKIPPED_STEPS = 20;

    /** Mean cross-entropy per answer token (answer + EOS) under the current weights, no update. */
    public double evaluate(List<Example> examples) {
        List<TrainSample> data = encode(examples);
        double sum = 0;
        double n = 0;
        Engines.noGradOnThisThread();
        for (int b = 0; b < data.size(); b += config.batchSize()) {
            List<int[]> p = new ArrayList<>();
            List<int[]> r = new ArrayList<>();
            for (TrainSample s : data.subList(b, Math.min(data.size(), b + config.batchSize()))) {
                p.add(s.promptTokens());
                r.add(s.responseTokens());
            }
            SequenceBatch sb = SequenceBatch.of(p, r, tokenizer.padId());
            float[] mask = sb.responseMaskArray();
            try (NDManager m = Engines.newManager()) {
                float[] logp = policy.score(m, sb).logp().toFloatArray();
                for (int i = 0; i < logp.length; i++) {
                    sum -= logp[i] * mask[i];
                    n += mask[i];
                }
            }
        }
        return sum / Math.max(1, n);
    }

    /** Saves the policy as a new model directory. */
    public void save(Path dir) throws IOException {
        ModelDir.save(policy, dir);
    }

    private List<TrainSample> encode(List<Example> examples) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no examples to pretrain on");
        }
        List<TrainSample> out = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            int[] prompt = tokenizer.encodePrompt(e.prompt());
            int[] body = tokenizer.encode(e.answer());
            int[] answer = new int[body.length + 1];
            System.arraycopy(body, 0, answer, 0, body.length);
            answer[body.length] = tokenizer.eosId();
            if (prompt.length + answer.length > policy.config().contextLength()) {
                throw new IllegalArgumentException(
                        "example "
                                + i
                                + " (\""
                                + e.prompt()
                                + "\" -> \""
                                + e.answer()
                                + "\") needs "
                                + (prompt.length + answer.length)
                                + " tokens, context is "
                                + policy.config().contextLength());
            }
            out.add(new TrainSample("ex" + i, prompt, answer, new float[answer.length], 1.0));
        }
        return out;
    }
}
