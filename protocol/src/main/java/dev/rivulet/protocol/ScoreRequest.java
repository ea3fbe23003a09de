package dev.rivulet.protocol;

import java.util.Arrays;

/**
 * A request for the current policy's log-probability of each response token given the prompt.
 *
 * @param sequenceId caller's id for this sequence, echoed in the result
 * @param promptTokens the tokenised prompt
 * @param responseTokens the tokens to score
 */
public record ScoreRequest(String sequenceId, int[] promptTokens, int[] responseTokens) {

    public ScoreRequest {
        Checks.notEmpty(sequenceId, "sequenceId");
        promptTokens = Checks.copy(promptTokens, "promptTokens");
        responseTokens = Checks.copy(responseTokens, "responseTokens");
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
    public boolean equals(Object o) {
        return o instanceof ScoreRequest r
                && sequenceId.equals(r.sequenceId)
                && Arrays.equals(promptTokens, r.promptTokens)
                && Arrays.equals(responseTokens, r.responseTokens);
    }

    @Override
    public int hashCode() {
        int h = sequenceId.hashCode();
        h = 31 * h + Arrays.hashCode(promptTokens);
        return 31 * h + Arrays.hashCode(responseTokens);
    }

    @Override
    public String toString() {
        return "ScoreRequest[sequenceId="
                + sequenceId
                + ", promptTokens="
                + Arrays.toString(promptTokens)
                + ", responseTokens="
                + Arrays.toString(responseTokens)
                + "]";
    }
}
