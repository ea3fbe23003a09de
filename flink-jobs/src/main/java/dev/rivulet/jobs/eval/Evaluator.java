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
 * Evaluates a policy on a fixed held-out set with greedy decoding through the model server, one
 * generation call per chunk of prompts.
 */
public final class Evaluator {

    private static final int CHUNK = 128;

    private final Map<String, List<Prompt>> heldOut;
    private final int maxNewTokens;
    private final String template;
    private final String systemPrompt;
    private final TaskRegistry tasks = TaskRegistry.builtIn();
    private final Map<String, RewardFunction> rewards = new HashMap<>();

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
        this.heldOut = heldOut;
        this.maxNewTokens = maxNewTokens;
        this.template = template;
        this.systemPrompt = systemPrompt;
    }

    public int size() {
        return heldOut.values().stream().mapToInt(List::size).sum();
    }

    /** Greedy-decodes every held-out prompt and scores it with its task's reward function. */
    public EvalResult evaluate(PolicyClient client) throws Exception {
        Map<String, int[]> cells = new LinkedHashMap<>();
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        Map<String, Prompt> byRequest = new HashMap<>();
        Map<String, String> cellOf = new HashMap<>();
        List<GenerationRequest> all = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, List<Prompt>> e : heldOut.entrySet()) {
            cells.put(e.getKey(), new int[] {0, 0});
            for (Prompt p : e.getValue()) {
                String id = "eval-" + i++;
                byRequest.put(id, p);
                cellOf.put(id, e.getKey());
                all.add(
                        new GenerationRequest(
                                id,
                                p.id(),
                                p.text(),
                                1,
                                0f,
                                1f,
                                maxNewTokens,
                                0L,
                                true,
                                template,
                                systemPrompt));
            }
        }
        long version = -1;
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<GenerationRequest> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            List<Completion> out = client.generate(chunk).get(10, TimeUnit.MINUTES);
            for (Completion c : out) {
                Prompt p = byRequest.get(c.requestId());
                RewardFunction r = rewards.computeIfAbsent(p.task(), t -> tasks.reward(t));
                int ok = r.reward(c.text(), p) >= 0.5 ? 1 : 0;
                int[] cell = cells.get(cellOf.get(c.requestId()));
                cell[0] += ok;
                cell[1]++;
                outcomes.put(p.id(), ok);
                version = Math.max(version, c.policyVersion());
            }
        }
        return new EvalResult(System.currentTimeMillis(), version, cells, outcomes);
    }
}
