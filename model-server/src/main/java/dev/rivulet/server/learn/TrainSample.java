package dev.rivulet.server.learn;

/**
 * One rollout to train on.
 *
 * @param rolloutId unique id (recorded in the ledger)
 * @param promptTokens prompt ids as generated from (normally starting with BOS)
 * @param responseTokens generated ids (the tokens the loss trains on)
 * @param behaviourLogprobs log-prob of each response token under the generating policy
 * @param advantage the sequence's advantage, applied to each of its tokens unless {@code
 *     tokenAdvantages} replaces it
 * @param tokenAdvantages per-token advantages A_t, one per response token, that replace {@code
 *     advantage} in every loss; empty (never null) when the scalar applies to every token
 * @param groupId the group the rollout was sampled in (the rollouts of one prompt in one call), or
 *     empty (never null) when it has none; losses that compare a group's rows read it
 */
public record TrainSample(
        String rolloutId,
        int[] promptTokens,
        int[] responseTokens,
        float[] behaviourLogprobs,
        double advantage,
        float[] tokenAdvantages,
        String groupId) {

    /** Null per-token advantages or group id mean none. */
    public TrainSample {
        tokenAdvantages = tokenAdvantages == null ? new float[0] : tokenAdvantages;
        groupId = groupId == null ? "" : groupId;
    }

    /** A rollout without a group id. */
    public TrainSample(
            String rolloutId,
            int[] promptTokens,
            int[] responseTokens,
            float[] behaviourLogprobs,
            double advantage,
            float[] tokenAdvantages) {
        this(
                rolloutId,
                promptTokens,
                responseTokens,
                behaviourLogprobs,
                advantage,
                tokenAdvantages,
                "");
    }

    /** A rollout whose scalar advantage applies to every token. */
    public TrainSample(
            String rolloutId,
            int[] promptTokens,
            int[] responseTokens,
            float[] behaviourLogprobs,
            double advantage) {
        this(rolloutId, promptTokens, responseTokens, behaviourLogprobs, advantage, new float[0]);
    }

    /** Whether per-token advantages replace the scalar advantage. */
    public boolean hasTokenAdvantages() {
        return tokenAdvantages.length > 0;
    }

    /** The advantage of response token {@code t}: A_t when per-token advantages are present. */
    public double advantageAt(int t) {
        return hasTokenAdvantages() ? tokenAdvantages[t] : advantage;
    }
}
