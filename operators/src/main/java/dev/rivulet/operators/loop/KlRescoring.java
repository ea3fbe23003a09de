package dev.rivulet.operators.loop;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.ScoreResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SPO's KL-adaptive discount, as the authors' code computes it: each prompt keeps its last response
 * with that response's log-probs under the weights current when the prompt's tracker was last
 * updated (the reference). When a training call is answered, one score call rescores, under the
 * now-current weights, (1) each prompt's stored response, whose mean absolute log-prob change
 * against the reference is the drift D that discounts the tracker, and (2) the prompt's new
 * response, whose log-probs become the reference for the next visit. First visit: nothing stored, D
 * = 0.
 *
 * <p>SPO updates its tracker after the step's weight update and rescores both responses under the
 * updated weights; a streaming loop updates the tracker when the call is answered, so both are
 * rescored under the weights current then. Either way D measures the policy's drift between two
 * consecutive tracker updates of the prompt on the same stored response.
 */
final class KlRescoring {

    /** Sequence id prefix of a stored response (D). */
    static final String STORED = "stored:";

    /** Sequence id prefix of a new response (the next reference). */
    static final String NEW = "new:";

    /** Reads a prompt's state from the pool, null when it is not there. */
    interface Lookup {
        PromptState get(String promptId) throws Exception;
    }

    /**
     * What one rescoring measured.
     *
     * @param divergence D of each prompt whose stored response was rescored
     * @param references the new reference log-probs of each prompt whose new response was rescored
     */
    record Measured(Map<String, Double> divergence, Map<String, float[]> references) {
        static final Measured NONE = new Measured(Map.of(), Map.of());
    }

    private final boolean enabled;

    KlRescoring(boolean enabled) {
        this.enabled = enabled;
    }

    boolean enabled() {
        return enabled;
    }

    /**
     * The responses of training call {@code call}'s prompts to rescore: each stored response that
     * has a reference, and each prompt's new response (the last sample of its last request in
     * {@code completions}). Empty when rescoring is off (the pool is not read then) or for a prior
     * call.
     */
    List<ScoreRequest> requests(InflightCall call, List<Completion> completions, Lookup pool)
            throws Exception {
        List<ScoreRequest> out = new ArrayList<>();
        if (!enabled || call.prior()) {
            return out;
        }
        Map<String, Completion> lastByRequest = new HashMap<>();
        for (Completion c : completions) {
            Completion seen = lastByRequest.get(c.requestId());
            if (seen == null || c.sampleIndex() > seen.sampleIndex()) {
                lastByRequest.put(c.requestId(), c);
            }
        }
        Map<String, ScoreRequest> stored = new LinkedHashMap<>();
        Map<String, ScoreRequest> fresh = new LinkedHashMap<>();
        for (GenerationRequest r : call.requests()) {
            PromptState s = pool.get(r.promptId());
            if (s == null) {
                continue;
            }
            if (s.hasStoredResponse() && s.lastLogprobs().length > 0) {
                stored.putIfAbsent(
                        r.promptId(),
                        new ScoreRequest(
                                STORED + r.promptId(),
                                s.lastPromptTokens(),
                                s.lastResponseTokens()));
            }
            Completion last = lastByRequest.get(r.requestId());
            if (last != null) {
                // a prompt served twice in one call keeps the response of its last request
                fresh.put(
                        r.promptId(),
                        new ScoreRequest(NEW + r.promptId(), last.promptTokens(), last.tokens()));
            }
        }
        out.addAll(stored.values());
        out.addAll(fresh.values());
        return out;
    }

    /**
     * Reads a rescoring: D of each rescored stored response of a prompt still in {@code states}
     * (the mean absolute difference between its reference log-probs and the new ones; 0 without a
     * reference), and the new responses' log-probs.
     */
    static Measured read(List<ScoreResult> scores, Map<String, PromptState> states) {
        Map<String, Double> divergence = new HashMap<>();
        Map<String, float[]> references = new HashMap<>();
        for (ScoreResult s : scores) {
            String id = s.sequenceId();
            if (id.startsWith(STORED)) {
                String promptId = id.substring(STORED.length());
                PromptState p = states.get(promptId);
                if (p != null) {
                    divergence.put(promptId, meanAbsDiff(p.lastLogprobs(), s.logprobs()));
                }
            } else if (id.startsWith(NEW)) {
                references.put(id.substring(NEW.length()), s.logprobs());
            }
        }
        return new Measured(divergence, references);
    }

    /**
     * {@code next} (a visit's new state, which stores the visit's last response) with its
     * reference: the rescored log-probs, or none when the response was not rescored (a failed score
     * call), so that D is 0 at the next visit as on a first one. Unchanged when rescoring is off.
     */
    PromptState withReference(String promptId, PromptState next, Measured measured) {
        if (!enabled) {
            return next;
        }
        float[] ref = measured.references().get(promptId);
        if (ref == null || ref.length != next.lastResponseTokens().length) {
            return next.withStoredResponse(new int[0], new int[0], new float[0]);
        }
        return next.withStoredResponse(next.lastPromptTokens(), next.lastResponseTokens(), ref);
    }

    private static double meanAbsDiff(float[] reference, float[] current) {
        int n = Math.min(reference.length, current.length);
        if (n == 0) {
            return 0.0;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.abs(reference[i] - current[i]);
        }
        return sum / n;
    }
}
