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
 * @param dropped true when dynamic sampling dropped the group (not sent to the learner)
 * @param finishReason STOP or LENGTH
 * @param rewardParts the reward's named parts ({@code correctness}, {@code format}, ...; JSON
 *     {@code "reward_parts": {"correctness": 1.0, "format": 1.0}}), in the reward's report order;
 *     empty when unknown (an event read from telemetry written before the field existed)
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
        Map<String, Double> rewardParts) {

    public RolloutEvent {
        rewardParts =
                rewardParts == null
                        ? Map.of()
                        : Collections.unmodifiableMap(new LinkedHashMap<>(rewardParts));
    }

    /** An event without reward parts. */
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
                Map.of());
    }
}
