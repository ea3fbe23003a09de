package dev.rivulet.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * One scored rollout, the row a micro-batch is made of: the tokens, the behaviour policy's
 * log-probabilities, the reward and the advantage the learner should apply.
 *
 * @param rolloutId unique id of the rollout (the ledger records it once trained)
 * @param promptId id of the prompt
 * @param task task id, for example {@code "arith"}
 * @param difficulty difficulty level, {@code >= 0}
 * @param promptTokens the tokenised prompt
 * @param responseTokens the generated tokens
 * @param behaviourLogprobs log-probability of each response token under the generating policy
 * @param reward the verifiable reward, finite
 * @param advantage the advantage estimate, finite
 * @param policyVersion the policy version that generated the response
 */
public record ScoredRollout(
        String rolloutId,
        String promptId,
        String task,
        int difficulty,
        int[] promptTokens,
        int[] responseTokens,
        float[] behaviourLogprobs,
        double reward,
        double advantage,
        long policyVersion) {

    public ScoredRollout {
        Checks.notEmpty(rolloutId, "rolloutId");
        Checks.notEmpty(promptId, "promptId");
        Checks.notNull(task, "task");
        Checks.nonNegative(difficulty, "difficulty");
        promptTokens = Checks.copy(promptTokens, "promptTokens");
        responseTokens = Checks.copy(responseTokens, "responseTokens");
        behaviourLogprobs = Checks.copy(behaviourLogprobs, "behaviourLogprobs");
        Checks.sameLength(
                responseTokens.length,
                behaviourLogprobs.length,
                "responseTokens",
                "behaviourLogprobs");
        Checks.finite(reward, "reward");
        Checks.finite(advantage, "advantage");
        Checks.nonNegative(policyVersion, "policyVersion");
    }

    /** Number of prompt tokens. */
    public int promptLength() {
        return promptTokens.length;
    }

    /** Number of response tokens. */
    public int responseLength() {
        return responseTokens.length;
    }

    @Override
    public int[] promptTokens() {
        return promptTokens.clone();
    }

    @Override
    public int[] responseTokens() {
        return responseTokens.clone();
    }

    @Override
    public float[] behaviourLogprobs() {
        return behaviourLogprobs.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoredRollout r
                && rolloutId.equals(r.rolloutId)
                && promptId.equals(r.promptId)
                && task.equals(r.task)
                && difficulty == r.difficulty
                && Arrays.equals(promptTokens, r.promptTokens)
                && Arrays.equals(responseTokens, r.responseTokens)
                && Arrays.equals(behaviourLogprobs, r.behaviourLogprobs)
                && Double.compare(reward, r.reward) == 0
                && Double.compare(advantage, r.advantage) == 0
                && policyVersion == r.policyVersion;
    }

    @Override
    public int hashCode() {
        int h =
                Objects.hash(
                        rolloutId, promptId, task, difficulty, reward, advantage, policyVersion);
        h = 31 * h + Arrays.hashCode(promptTokens);
        h = 31 * h + Arrays.hashCode(responseTokens);
        return 31 * h + Arrays.hashCode(behaviourLogprobs);
    }

    @Override
    public String toString() {
        return "ScoredRollout[rolloutId="
                + rolloutId
                + ", promptId="
                + promptId
                + ", task="
                + task
                + ", difficulty="
                + difficulty
                + ", promptTokens="
                + Arrays.toString(promptTokens)
                + ", responseTokens="
                + Arrays.toString(responseTokens)
                + ", behaviourLogprobs="
                + Arrays.toString(behaviourLogprobs)
                + ", reward="
                + reward
                + ", advantage="
                + advantage
                + ", policyVersion="
                + policyVersion
                + "]";
    }
}
