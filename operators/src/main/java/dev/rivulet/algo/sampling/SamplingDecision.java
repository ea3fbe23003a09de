package dev.rivulet.algo.sampling;

import java.util.List;

/**
 * A dynamic-sampling decision.
 *
 * @param keep group ids to send to training, in input order
 * @param drop group ids dropped because all their rewards are equal (no gradient)
 * @param keptSamples rollouts kept so far, this round's included
 * @param missingSamples rollouts still missing to fill the micro-batch (0 when full)
 * @param generateMore true when another generation round should run
 * @param roundsExhausted true when the batch is short but the extra-round bound is reached, so the
 *     caller trains on what it has
 */
public record SamplingDecision(
        List<String> keep,
        List<String> drop,
        int keptSamples,
        int missingSamples,
        boolean generateMore,
        boolean roundsExhausted) {

    public SamplingDecision {
        keep = List.copyOf(keep);
        drop = List.copyOf(drop);
    }
}
