package dev.rivulet.tools.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivulet.algo.task.TaskMix;
import dev.rivulet.protocol.Prompt;
import dev.rivulet.server.generate.DecodeRequest;
import dev.rivulet.server.generate.Generator;
import dev.rivulet.server.generate.Sample;
import dev.rivulet.server.generate.SamplingParams;
import dev.rivulet.server.model.ModelDir;
import dev.rivulet.server.model.PolicyConfig;
import dev.rivulet.server.model.TransformerPolicy;
import dev.rivulet.server.pretrain.PretrainConfig;
import dev.rivulet.server.pretrain.PretrainResult;
import dev.rivulet.server.pretrain.Pretrainer;
import dev.rivulet.server.text.CharVocabulary;
import dev.rivulet.server.text.HfTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Supervised warm-up of a base policy on a task mix: trains for a time budget on fresh prompts,
 * measures greedy exact match on the held-out prompts, and publishes a model directory (config,
 * weights, {@code pretrain.json}) atomically.
 */
public final class Pretraining {

    /** Metadata file written next to the weights. */
    public static final String REPORT_FILE = "pretrain.json";

    private static final int HELD_OUT_PER_CELL = 64;
    private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

    private Pretraining() {}

    /**
     * Runs {@code spec} and writes the model to {@code out}, which must not exist; {@code progress}
     * receives a human-readable line every few seconds.
     */
    public static PretrainReport run(PretrainSpec spec, Path out, Consumer<String> progress)
            throws IOException {
        if (Files.exists(out)) {
            throw new IOException("output directory " + out + " already exists");
        }
        TaskMix mix = TaskMix.parse(spec.mix());
        Path from = spec.startFrom();
        try (HfTokenizer tok = from == null ? CharVocabulary.tokenizer() : HfTokenizer.load(from);
                TransformerPolicy policy =
                        from == null
                                ? TransformerPolicy.create(
                                        preset(spec.modelSize(), tok.vocabSize()), spec.seed())
                                : ModelDir.loadPolicy(from)) {
            PolicyConfig shape = policy.config();
            PretrainData data = new PretrainData(mix, spec.seed(), tok, shape.contextLength());
            Pretrainer trainer =
                    new Pretrainer(
                            policy,
                            tok,
                            new PretrainConfig(
                                    1, spec.batchSize(), spec.learningRate(), 0.01, spec.seed()));
            long[] lastReport = {System.nanoTime()};
            long start = System.nanoTime();
            PretrainResult result =
                    trainer.trainFor(
                            () -> data.nextBatch(spec.batchSize()),
                            spec.budget(),
                            spec.steps(),
                            p -> {
                                long now = System.nanoTime();
                                if (now - lastReport[0] >= PROGRESS_EVERY_NANOS) {
                                    lastReport[0] = now;
                                    progress.accept(
                                            String.format(
                                                    "pretrain: step %d%s, %.0f/%d s, loss %.4f",
                                                    p.step(),
                                                    spec.steps() > 0 ? "/" + spec.steps() : "",
                                                    (now - start) / 1e9,
                                                    spec.budget().toSeconds(),
                                                    p.loss()));
                                }
                            });
            Map<String, Double> exact = exactMatch(policy, tok, data.heldOut(HELD_OUT_PER_CELL));
            List<Double> losses = result.stepLosses();
            PretrainReport report =
                    new PretrainReport(
                            out.toAbsolutePath(),
                            losses.size(),
                            result.seconds(),
                            losses.get(losses.size() - 1),
                            exact,
                            shape.parameterCount());
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = parent.resolve("." + out.getFileName() + ".tmp-" + System.nanoTime());
            trainer.save(tmp);
            if (from == null) {
                CharVocabulary.write(tmp);
            } else {
                ModelDir.copyTokenizerFiles(from, tmp);
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("mix", mix.spec());
            meta.put("model_size", from == null ? spec.modelSize() : "from " + from);
            meta.put("seed", spec.seed());
            meta.put("budget_s", spec.budget().toSeconds());
            meta.put("step_target", spec.steps());
            meta.put("steps", report.steps());
            meta.put("seconds", report.seconds());
            meta.put("final_loss", report.finalLoss());
            meta.put("held_out_exact_match", exact);
            new ObjectMapper()
                    .writerWithDefaultPrettyPrinter()
                    .writeValue(tmp.resolve(REPORT_FILE).toFile(), meta);
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
            return report;
        }
    }

    /** Share of held-out prompts per cell whose greedy completion equals the reference answer. */
    static Map<String, Double> exactMatch(
            TransformerPolicy policy, HfTokenizer tok, Map<String, List<Prompt>> heldOut) {
        Generator gen = new Generator(policy, tok.padId());
        Map<String, Double> out = new LinkedHashMap<>();
        int ctx = policy.config().contextLength();
        for (var cell : heldOut.entrySet()) {
            List<Prompt> prompts = cell.getValue();
            if (prompts.isEmpty()) {
                continue;
            }
            List<DecodeRequest> reqs = new ArrayList<>();
            int maxNew = 1;
            for (Prompt p : prompts) {
                int[] ids = tok.encodePrompt(p.text());
                reqs.add(new DecodeRequest(ids, 0));
                maxNew = Math.max(maxNew, Math.min(ctx - ids.length, p.answer().length() + 1));
            }
            List<Sample> samples =
                    gen.generate(reqs, new SamplingParams(0.0, 1.0, maxNew, tok.eosIds()));
            int hits = 0;
            for (int i = 0; i < prompts.size(); i++) {
                if (tok.decode(samples.get(i).tokens()).equals(prompts.get(i).answer())) {
                    hits++;
                }
            }
            out.put(cell.getKey(), hits / (double) prompts.size());
        }
        return out;
    }

    static PolicyConfig preset(String size, int vocab) {
        return switch (size) {
            case "tiny" -> PolicyConfig.tiny(vocab);
            case "small" -> PolicyConfig.small(vocab);
            case "medium" -> PolicyConfig.medium(vocab);
            default ->
                    throw new IllegalArgumentException(
                            "model size must be tiny, small or medium; got '" + size + "'");
        };
    }
}
