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
 * @param groupId the group (visit) the rollout was generated in: the rollouts of one call for one
 *     prompt share it, so group-relative strategies can find each other's rows at the learner;
 *     {@code ""} when unknown
 * @param tokenAdvantages per-token advantages, one per response token, that replace {@code
 *     advantage} at the learner when present; empty when the scalar applies to every token
 * @param groupSize how many rollouts the group has (so the learner knows when it holds all of
 *     them); 0 when unknown
 * @param hintKind the {@link Hint#kind()} the response was generated under ({@code ""}: plain). A
 *     hinted rollout's prompt tokens are still the plain prompt's and its response tokens only what
 *     the policy wrote; its behaviour log-probs are those of the hinted context, so the learner's
 *     ratio π(plain)/π_b(hinted) corrects for the hint
 * @param hintLevel the hint's level (tier), 0 when plain
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
        long policyVersion,
        String groupId,
        float[] tokenAdvantages,
        int groupSize,
        String hintKind,
        int hintLevel) {

    /** A rollout without a group (id and size) or per-token advantages. */
    public ScoredRollout(
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
        this(
                rolloutId,
                promptId,
                task,
                difficulty,
                promptTokens,
                responseTokens,
                behaviourLogprobs,
                reward,
                advantage,
                policyVersion,
                "",
                new float[0],
                0);
    }

    /** A plain (un-hinted) rollout. */
    public ScoredRollout(
            String rolloutId,
            String promptId,
            String task,
            int difficulty,
            int[] promptTokens,
            int[] responseTokens,
            float[] behaviourLogprobs,
            double reward,
            double advantage,
            long policyVersion,
            String groupId,
            float[] tokenAdvantages,
            int groupSize) {
        this(
                rolloutId,
                promptId,
                task,
                difficulty,
                promptTokens,
                responseTokens,
                behaviourLogprobs,
                reward,
                advantage,
                policyVersion,
                groupId,
                tokenAdvantages,
                groupSize,
                Hint.NONE_KIND,
                0);
    }

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
        Checks.notNull(groupId, "groupId");
        Checks.nonNegative(groupSize, "groupSize");
        hintKind = hintKind == null ? Hint.NONE_KIND : hintKind;
        Checks.nonNegative(hintLevel, "hintLevel");
        tokenAdvantages = Checks.copy(tokenAdvantages, "tokenAdvantages");
        if (tokenAdvantages.length > 0) {
            Checks.sameLength(
                    responseTokens.length,
                    tokenAdvantages.length,
                    "responseTokens",
                    "tokenAdvantages");
            for (int t = 0; t < tokenAdvantages.length; t++) {
                if (!Float.isFinite(tokenAdvantages[t])) {
                    Checks.finite(tokenAdvantages[t], "tokenAdvantages[" + t + "]");
                }
            }
        }
    }

    /** Whether per-token advantages replace the scalar advantage. */
    public boolean hasTokenAdvantages() {
        return tokenAdvantages.length > 0;
    }

    /** This rollout with per-token advantages (one per response token; empty for none). */
    public ScoredRollout withTokenAdvantages(float[] perToken) {
        return new ScoredRollout(
                rolloutId,
                promptId,
                task,
                difficulty,
                promptTokens,
                responseTokens,
                behaviourLogprobs,
                reward,
                advantage,
                policyVersion,
                groupId,
                perToken,
                groupSize,
                hintKind,
                hintLevel);
    }

    /** Whether the response was generated under a hint. */
    public boolean hinted() {
        return !hintKind.isEmpty();
    }

    /** The advantage of response token {@code t}: the per-token value when present. */
    public double advantageAt(int t) {
        return tokenAdvantages.length > 0 ? tokenAdvantages[t] : advantage;
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
    public float[] tokenAdvantages() {
        return tokenAdvantages.clone();
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
                && policyVersion == r.policyVersion
                && groupId.equals(r.groupId)
                && groupSize == r.groupSize
                && hintKind.equals(r.hintKind)
                && hintLevel == r.hintLevel
                && Arrays.equals(tokenAdvantages, r.tokenAdvantages);
    }

    @Override
    public int hashCode() {
        int h =
                Objects.hash(
                        rolloutId,
                        promptId,
                        task,
                        difficulty,
                        reward,
                        advantage,
                        policyVersion,
                        groupId,
                        groupSize,
                        hintKind,
                        hintLevel);
        h = 31 * h + Arrays.hashCode(promptTokens);
        h = 31 * h + Arrays.hashCode(responseTokens);
        h = 31 * h + Arrays.hashCode(tokenAdvantages);
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
                + ", groupId="
                + groupId
                + ", tokenAdvantages="
                + Arrays.toString(tokenAdvantages)
                + ", groupSize="
                + groupSize
                + ", hintKind="
                + hintKind
                + ", hintLevel="
                + hintLevel
                + "]";
    }
}
