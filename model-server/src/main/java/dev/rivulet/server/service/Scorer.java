package dev.rivulet.server.service;

import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.ScoreResult;
import dev.rivulet.server.model.TransformerPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores response sequences under the current policy in chunks of at most {@code chunk} sequences:
 * the policy's log-probability of each response token given what precedes it. The caller holds the
 * model lock.
 */
final class Scorer {

    private final TransformerPolicy policy;
    private final int padId;
    private final int chunk;

    Scorer(TransformerPolicy policy, int padId, int chunk) {
        this.policy = policy;
        this.padId = padId;
        this.chunk = chunk;
    }

    /** One result per request, in order, each stamped with {@code version}. */
    List<ScoreResult> score(List<ScoreRequest> requests, long version) {
        List<ScoreResult> out = new ArrayList<>(requests.size());
        for (int b = 0; b < requests.size(); b += chunk) {
            List<ScoreRequest> part = requests.subList(b, Math.min(requests.size(), b + chunk));
            List<int[]> prompts = new ArrayList<>();
            List<int[]> responses = new ArrayList<>();
            for (ScoreRequest r : part) {
                prompts.add(r.promptTokens());
                responses.add(r.responseTokens());
            }
            List<float[]> logp = policy.responseLogprobs(prompts, responses, padId);
            for (int r = 0; r < part.size(); r++) {
                out.add(new ScoreResult(part.get(r).sequenceId(), logp.get(r), version));
            }
        }
        return out;
    }
}
