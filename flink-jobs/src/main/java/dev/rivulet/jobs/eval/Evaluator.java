package dev.rivulet.jobs.eval;

import dev.rivulet.algo.reward.RewardFunction;
import dev.rivulet.algo.task.TaskRegistry;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Prompt;
import dev.rivulet.protocol.flight.PolicyClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Evaluates a policy on a fixed held-out set through the model server, one generation call per
 * chunk of prompts: greedy decoding (accuracy), then, when {@link Sampling} asks for it, {@code n}
 * samples per prompt at a temperature (pass@k and mean@k). Each prompt's samples use a seed fixed
 * by the prompt's task and text, so evaluations at different times draw comparable samples.
 */
public final class Evaluator {

    /** Generation rows (requests × samples) per call. */
    private static final int CHUNK = 128;

    private final Map<String, List<Prompt>> heldOut;
    private final int maxNewTokens;
    private final String template;
    private final String systemPrompt;
    private final Sampling sampling;
    private final TaskRegistry tasks = TaskRegistry.builtIn();
    private final Map<String, RewardFunction> rewards = new HashMap<>();

    /**
     * The sampled evaluation's settings.
     *
     * @param samples completions per prompt, n (also the k of pass@k); 0 turns it off
     * @param temperature sampling temperature, &gt; 0 when samples are drawn
     * @param topP nucleus-sampling mass in (0, 1]
     */
    public record Sampling(int samples, double temperature, double topP) {

        /** No sampled evaluation. */
        public static final Sampling OFF = new Sampling(0, 1.0, 1.0);

        public Sampling {
            if (samples < 0) {
                throw new IllegalArgumentException(
                        "evaluation samples must be >= 0 (0 = off), got " + samples);
            }
            if (samples > 0 && !(temperature > 0 && Double.isFinite(temperature))) {
                throw new IllegalArgumentException(
                        "evaluation temperature must be finite and > 0 when samples are drawn,"
                                + " got "
                                + temperature);
            }
            if (!(topP > 0 && topP <= 1)) {
                throw new IllegalArgumentException(
                        "evaluation top-p must be in (0, 1], got " + topP);
            }
        }
    }

    /**
     * @param heldOut cell label → held-out prompts (never trained on)
     */
    public Evaluator(Map<String, List<Prompt>> heldOut, int maxNewTokens) {
        this(heldOut, maxNewTokens, GenerationRequest.RAW, "");
    }

    /**
     * @param heldOut cell label → held-out prompts (never trained on)
     * @param template how the server encodes the prompts, {@code raw} or {@code chat}
     * @param systemPrompt system prompt of the chat template, {@code ""} for none
     */
    public Evaluator(
            Map<String, List<Prompt>> heldOut,
            int maxNewTokens,
            String template,
            String systemPrompt) {
        this(heldOut, maxNewTokens, template, systemPrompt, Sampling.OFF);
    }

    /**
     * @param heldOut cell label → held-out prompts (never trained on)
     * @param template how the server encodes the prompts, {@code raw} or {@code chat}
     * @param systemPrompt system prompt of the chat template, {@code ""} for none
     * @param sampling the sampled evaluation, {@link Sampling#OFF} for greedy only
     */
    public Evaluator(
            Map<String, List<Prompt>> heldOut,
            int maxNewTokens,
            String template,
            String systemPrompt,
            Sampling sampling) {
        this.heldOut = heldOut;
        this.maxNewTokens = maxNewTokens;
        this.template = template;
        this.systemPrompt = systemPrompt;
        this.sampling = java.util.Objects.requireNonNull(sampling, "sampling");
    }

    public int size() {
        return heldOut.values().stream().mapToInt(List::size).sum();
    }

    /**
     * The seed of a prompt's samples: a fixed function of its task and text, so the same prompt
     * draws the same sample streams in every evaluation (and in every run).
     */
    static long seedOf(Prompt p) {
        return 0x9E3779B97F4A7C15L * ((p.task() + '\n' + p.text()).hashCode() + 1L);
    }

    /**
     * Greedy-decodes every held-out prompt and scores it with its task's reward function; then,
     * with sampling on, samples n completions of every prompt and counts the correct ones.
     */
    public EvalResult evaluate(PolicyClient client) throws Exception {
        Map<String, int[]> cells = new LinkedHashMap<>();
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        heldOut.keySet().forEach(k -> cells.put(k, new int[] {0, 0}));
        long version = -1;
        for (Scored s : run(client, 1, true)) {
            int ok = s.correct()[0];
            int[] cell = cells.get(s.cell());
            cell[0] += ok;
            cell[1]++;
            outcomes.put(s.prompt().id(), ok);
            version = Math.max(version, s.version());
        }
        SampledEval sampled = SampledEval.NONE;
        if (sampling.samples() > 0) {
            long t0 = System.nanoTime();
            Map<String, List<Integer>> perCell = new LinkedHashMap<>();
            heldOut.keySet().forEach(k -> perCell.put(k, new ArrayList<>()));
            for (Scored s : run(client, sampling.samples(), false)) {
                int c = 0;
                for (int ok : s.correct()) {
                    c += ok;
                }
                perCell.get(s.cell()).add(c);
                version = Math.max(version, s.version());
            }
            Map<String, int[]> correct = new LinkedHashMap<>();
            perCell.forEach(
                    (k, v) -> correct.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
            sampled =
                    new SampledEval(
                            sampling.samples(),
                            sampling.temperature(),
                            sampling.topP(),
                            correct,
                            (System.nanoTime() - t0) / 1_000_000);
        }
        return new EvalResult(System.currentTimeMillis(), version, cells, outcomes, sampled);
    }

    /**
     * One prompt's answers: per sample 1 correct, 0 wrong, and the newest version that answered.
     */
    private record Scored(String cell, Prompt prompt, int[] correct, long version) {}

    /**
     * Asks for {@code samples} completions of every held-out prompt and scores them; a prompt the
     * server left (partly) unanswered is left out, as the greedy pass always did.
     */
    private List<Scored> run(PolicyClient client, int samples, boolean greedy) throws Exception {
        Map<String, Prompt> byRequest = new HashMap<>();
        Map<String, String> cellOf = new HashMap<>();
        List<GenerationRequest> all = new ArrayList<>();
        String prefix = greedy ? "eval-" : "eval-s-";
        int i = 0;
        for (Map.Entry<String, List<Prompt>> e : heldOut.entrySet()) {
            for (Prompt p : e.getValue()) {
                String id = prefix + i++;
                byRequest.put(id, p);
                cellOf.put(id, e.getKey());
                all.add(
                        new GenerationRequest(
                                id,
                                p.id(),
                                p.text(),
                                samples,
                                greedy ? 0f : (float) sampling.temperature(),
                                greedy ? 1f : (float) sampling.topP(),
                                maxNewTokens,
                                greedy ? 0L : seedOf(p),
                                greedy,
                                template,
                                systemPrompt));
            }
        }
        Map<String, int[]> correct = new LinkedHashMap<>();
        Map<String, Long> versions = new HashMap<>();
        Map<String, Integer> answered = new HashMap<>();
        all.forEach(r -> correct.put(r.requestId(), new int[samples]));
        int perCall = Math.max(1, CHUNK / samples);
        for (int from = 0; from < all.size(); from += perCall) {
            List<GenerationRequest> chunk = all.subList(from, Math.min(all.size(), from + perCall));
            List<Completion> out = client.generate(chunk).get(10, TimeUnit.MINUTES);
            for (Completion c : out) {
                Prompt p = byRequest.get(c.requestId());
                RewardFunction r = rewards.computeIfAbsent(p.task(), t -> tasks.reward(t));
                correct.get(c.requestId())[c.sampleIndex()] = r.reward(c.text(), p) >= 0.5 ? 1 : 0;
                versions.merge(c.requestId(), c.policyVersion(), Math::max);
                answered.merge(c.requestId(), 1, Integer::sum);
            }
        }
        List<Scored> scored = new ArrayList<>();
        correct.forEach(
                (id, oks) -> {
                    if (answered.getOrDefault(id, 0) >= samples) {
                        scored.add(
                                new Scored(
                                        cellOf.get(id), byRequest.get(id), oks, versions.get(id)));
                    }
                });
        return scored;
    }
}
