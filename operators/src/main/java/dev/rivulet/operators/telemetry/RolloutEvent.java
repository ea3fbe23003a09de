package dev.rivulet.operators.telemetry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One generated and scored rollout, as the SQL table {@code rollouts} sees it.
 *
 * @param ts wall-clock time in milliseconds when the rollout was scored
 * @param rolloutId unique rollout id
 * @param promptId the prompt's id
 * @param task task id
 * @param difficulty difficulty level
 * @param shard the loop shard that produced it
 * @param reward verifiable reward
 * @param advantage advantage sent to the learner (0 when the group was dropped)
 * @param policyVersion version that generated the response
 * @param responseTokens number of generated tokens
 * @param groupSize rollouts generated for the prompt in this visit
 * @param dropped true when the rollout was not sent to the learner: dynamic sampling dropped its
 *     group, or it is a prior sample
 * @param finishReason STOP or LENGTH
 * @param rewardParts the reward's named parts ({@code correctness}, {@code format}, ...; JSON
 *     {@code "reward_parts": {"correctness": 1.0, "format": 1.0}}), in the reward's report order;
 *     empty when unknown (an event read from telemetry written before the field existed)
 * @param phase {@value #TRAIN} for a rollout of a training visit, {@value #PRIOR} for one of the
 *     samples that measure a new prompt's prior (SPO's N_init; never sent to the learner); null
 *     reads as {@value #TRAIN}
 * @param hintLevel the level of the hint the rollout was generated under, 0 for a plain rollout
 *     (and for telemetry written before hints existed)
 */
public record RolloutEvent(
        long ts,
        String rolloutId,
        String promptId,
        String task,
        int difficulty,
        int shard,
        double reward,
        double advantage,
        long policyVersion,
        int responseTokens,
        int groupSize,
        boolean dropped,
        String finishReason,
        Map<String, Double> rewardParts,
        String phase,
        int hintLevel) {

    /** The phase of a rollout generated for the learner. */
    public static final String TRAIN = "train";

    /** The phase of a prior sample: counted as generated, never trained on. */
    public static final String PRIOR = "prior";

    /** A plain (un-hinted) rollout. */
    public RolloutEvent(
            long ts,
            String rolloutId,
            String promptId,
            String task,
            int difficulty,
            int shard,
            double reward,
            double advantage,
            long policyVersion,
            int responseTokens,
            int groupSize,
            boolean dropped,
            String finishReason,
            Map<String, Double> rewardParts,
            String phase) {
        this(
                ts,
                rolloutId,
                promptId,
                task,
                difficulty,
                shard,
                reward,
                advantage,
                policyVersion,
                responseTokens,
                groupSize,
                dropped,
                finishReason,
                rewardParts,
                phase,
                0);
    }

    public RolloutEvent {
        rewardParts =
                rewardParts == null
                        ? Map.of()
                        : Collections.unmodifiableMap(new LinkedHashMap<>(rewardParts));
        if (phase == null) {
            phase = TRAIN; // telemetry written before the phase existed
        }
        if (hintLevel < 0) {
            throw new IllegalArgumentException("hintLevel must be >= 0, got " + hintLevel);
        }
        if (!TRAIN.equals(phase) && !PRIOR.equals(phase)) {
            throw new IllegalArgumentException(
                    "phase must be " + TRAIN + " or " + PRIOR + ", got " + phase);
        }
    }

    /** A rollout of a training visit (phase {@value #TRAIN}) without reward parts. */
    public RolloutEvent(
            long ts,
            String rolloutId,
            String promptId,
            String task,
            int difficulty,
            int shard,
            double reward,
            double advantage,
            long policyVersion,
            int responseTokens,
            int groupSize,
            boolean dropped,
            String finishReason) {
        this(
                ts,
                rolloutId,
                promptId,
                task,
                difficulty,
                shard,
                reward,
                advantage,
                policyVersion,
                responseTokens,
                groupSize,
                dropped,
                finishReason,
                Map.of(),
                TRAIN);
    }
}
