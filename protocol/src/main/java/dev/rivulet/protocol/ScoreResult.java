package dev.rivulet.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * The current policy's log-probability of each response token of a {@link ScoreRequest}.
 *
 * @param sequenceId the request's sequence id
 * @param logprobs one log-probability per response token
 * @param policyVersion the policy version that scored it
 */
public record ScoreResult(String sequenceId, float[] logprobs, long policyVersion) {

    public ScoreResult {
        Checks.notEmpty(sequenceId, "sequenceId");
        logprobs = Checks.copy(logprobs, "logprobs");
        Checks.nonNegative(policyVersion, "policyVersion");
    }

    @Override
    public float[] logprobs() {
        return logprobs.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoreResult r
                && sequenceId.equals(r.sequenceId)
                && Arrays.equals(logprobs, r.logprobs)
                && policyVersion == r.policyVersion;
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(sequenceId, policyVersion) + Arrays.hashCode(logprobs);
    }

    @Override
    public String toString() {
        return "ScoreResult[sequenceId="
                + sequenceId
                + ", logprobs="
                + Arrays.toString(logprobs)
                + ", policyVersion="
                + policyVersion
                + "]";
    }
}
