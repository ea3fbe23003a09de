package dev.rivulet.server.generate;

import dev.rivulet.server.model.Engines;
import dev.rivulet.server.model.PolicyConfig;
import dev.rivulet.server.model.TransformerPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * Batched sampler: left-pads variable-length prompts, gives each row its own positions and key
 * mask, decodes with a KV cache (dropping finished rows as the batch thins out) or by full
 * recompute, and samples every row with its own seeded generator on the Java side.
 *
 * <p>Not safe against concurrent training of the same policy: the caller serialises generation and
 * learner steps.
 */
public final class Generator {

    private final TransformerPolicy policy;
    private final int padId;

    /** A generator over {@code policy}; {@code padId} fills the left padding. */
    public Generator(TransformerPolicy policy, int padId) {
        this.policy = policy;
        this.padId = padId;
    }

    /** Generates with the KV cache. */
    public List<Sample> generate(List<DecodeRequest> requests, SamplingParams params) {
        return generate(requests, params, DecodeMode.CACHED);
    }

    /**
     * Completes every request; results are in request order.
     *
     * @throws IllegalArgumentException for a prompt longer than the context or a token id outside
     *     the vocabulary
     */
    public List<Sample> generate(
            List<DecodeRequest> requests, SamplingParams params, DecodeMode mode) {
        PolicyConfig cfg = policy.config();
        List<RowState> rows = new ArrayList<>(requests.size());
        int promptWidth = 1;
        int steps = 0;
        for (int i = 0; i < requests.size(); i++) {
            int[] p = requests.get(i).promptTokens();
            if (p.length > cfg.contextLength()) {
                throw new IllegalArgumentException(
                        "prompt "
                                + i
                                + " has "
                                + p.length
                                + " tokens, context is "
                                + cfg.contextLength());
            }
            for (int t : p) {
                if (t < 0 || t >= cfg.vocabSize()) {
                    throw new IllegalArgumentException(
                            "prompt "
                                    + i
                                    + " has token id "
                                    + t
                                    + " outside vocabulary of "
                                    + cfg.vocabSize());
                }
            }
            int maxNew = Math.min(params.maxNewTokens(), cfg.contextLength() - p.length);
            rows.add(new RowState(requests.get(i), maxNew));
            promptWidth = Math.max(promptWidth, p.length);
            steps = Math.max(steps, maxNew);
        }
        if (steps > 0) {
            Engines.noGradOnThisThread();
            Decoding d = new Decoding(policy, padId, params, rows, promptWidth, steps);
            if (mode == DecodeMode.CACHED) {
                d.runCached();
            } else {
                d.runRecompute();
            }
        }
        List<Sample> out = new ArrayList<>(rows.size());
        for (RowState r : rows) {
            out.add(r.toSample());
        }
        return out;
    }
}
