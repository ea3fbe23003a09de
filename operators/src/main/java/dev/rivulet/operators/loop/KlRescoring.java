package dev.rivulet.operators.loop;

import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.ScoreResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SPO's KL-adaptive discount: before an answered call is scored, the last stored response of each
 * of its prompts is rescored under the current weights, and the mean absolute change of its token
 * log-probs is the divergence D that discounts the prompt's tracker.
 */
final class KlRescoring {

    /** Reads a prompt's state from the pool, null when it is not there. */
    interface Lookup {
        PromptState get(String promptId) throws Exception;
    }

    private final boolean enabled;

    KlRescoring(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * The stored responses of {@code call}'s prompts to rescore, empty when rescoring is off (the
     * pool is not read then) or no prompt has one: the call is then scored at once, with D = 0.
     */
    List<ScoreRequest> requests(InflightCall call, Lookup pool) throws Exception {
        List<ScoreRequest> out = new ArrayList<>();
        if (!enabled) {
            return out;
        }
        for (GenerationRequest r : call.requests()) {
            PromptState s = pool.get(r.promptId());
            if (s != null && s.hasStoredResponse()) {
                out.add(
                        new ScoreRequest(
                                r.promptId(), s.lastPromptTokens(), s.lastResponseTokens()));
            }
        }
        return out;
    }

    /**
     * D of each rescored prompt that is still in {@code states}: the mean absolute difference
     * between its stored log-probs and the new ones.
     */
    static Map<String, Double> divergence(
            List<ScoreResult> scores, Map<String, PromptState> states) {
        Map<String, Double> out = new HashMap<>();
        for (ScoreResult s : scores) {
            PromptState p = states.get(s.sequenceId());
            if (p != null) {
                out.put(s.sequenceId(), meanAbsDiff(p.lastLogprobs(), s.logprobs()));
            }
        }
        return out;
    }

    private static double meanAbsDiff(float[] stored, float[] current) {
        int n = Math.min(stored.length, current.length);
        if (n == 0) {
            return 0.0;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.abs(stored[i] - current[i]);
        }
        return sum / n;
    }
}
