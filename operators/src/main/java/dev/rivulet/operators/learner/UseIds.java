package dev.rivulet.operators.learner;

import dev.rivulet.protocol.ScoredRollout;

/**
 * The id a rollout is trained under on its k-th use: the rollout id itself on the first use, {@code
 * <id>#u<k>} on later ones (replay with {@code max-reuse > 1}). The server's ledger then holds each
 * (rollout, use) once, so "nothing trained twice" stays checkable when reuse is on.
 */
final class UseIds {

    static final String SEPARATOR = "#u";

    private UseIds() {}

    /** {@code r} as sent on its use number {@code timesUsedBefore + 1}. */
    static ScoredRollout forUse(ScoredRollout r, int timesUsedBefore) {
        if (timesUsedBefore == 0) {
            return r;
        }
        return new ScoredRollout(
                r.rolloutId() + SEPARATOR + (timesUsedBefore + 1),
                r.promptId(),
                r.task(),
                r.difficulty(),
                r.promptTokens(),
                r.responseTokens(),
                r.behaviourLogprobs(),
                r.reward(),
                r.advantage(),
                r.policyVersion(),
                r.groupId(),
                r.tokenAdvantages(),
                r.groupSize());
    }

    /** The buffered rollout's id behind a sent id. */
    static String base(String sentId) {
        int i = sentId.lastIndexOf(SEPARATOR);
        return i < 0 ? sentId : sentId.substring(0, i);
    }
}
