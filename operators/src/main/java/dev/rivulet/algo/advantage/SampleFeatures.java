package dev.rivulet.algo.advantage;

import dev.rivulet.protocol.FinishReason;
import java.util.Arrays;
import java.util.Objects;

/**
 * What an advantage strategy may read about one sample besides its reward: the response, the
 * behaviour policy's log-probs, why generation stopped and, when the generator sent them, the
 * per-token entropies, and the policy version that generated it. Immutable: the arrays are copied
 * in and out.
 *
 * @param responseTokens the generated tokens
 * @param behaviourLogprobs the behaviour policy's log-prob of each token (same length)
 * @param entropies the sampling distribution's entropy at each token (same length), or empty when
 *     the generator did not send them
 * @param finishReason why generation stopped
 * @param policyVersion the policy version that generated the sample (0 when the caller does not
 *     know it): a clock that survives restarts and reads the same on every subtask, for strategies
 *     with a schedule (d3s)
 * @param ranks the per-rank hits of a list answer and the rank of each token (one per response
 *     token), or null where the task's reward does not score ranks or the tokens could not be
 *     aligned with the text (rank)
 */
public record SampleFeatures(
        int[] responseTokens,
        float[] behaviourLogprobs,
        float[] entropies,
        FinishReason finishReason,
        long policyVersion,
        RankedTokens ranks) {

    public SampleFeatures {
        if (responseTokens == null || behaviourLogprobs == null || entropies == null) {
            throw new IllegalArgumentException(
                    "responseTokens, behaviourLogprobs and entropies must not be null");
        }
        if (behaviourLogprobs.length != responseTokens.length) {
            throw new IllegalArgumentException(
                    "got "
                            + responseTokens.length
                            + " response tokens but "
                            + behaviourLogprobs.length
                            + " behaviour log-probs; give one per token");
        }
        if (entropies.length != 0 && entropies.length != responseTokens.length) {
            throw new IllegalArgumentException(
                    "got "
                            + responseTokens.length
                            + " response tokens but "
                            + entropies.length
                            + " entropies; give one per token or none");
        }
        Objects.requireNonNull(finishReason, "finishReason");
        if (policyVersion < 0) {
            throw new IllegalArgumentException("policyVersion must be >= 0, got " + policyVersion);
        }
        if (ranks != null && ranks.tokenRank().length != responseTokens.length) {
            throw new IllegalArgumentException(
                    "got "
                            + responseTokens.length
                            + " response tokens but "
                            + ranks.tokenRank().length
                            + " token ranks; give one per token");
        }
        responseTokens = responseTokens.clone();
        behaviourLogprobs = behaviourLogprobs.clone();
        entropies = entropies.clone();
    }

    /** Features without per-rank hits. */
    public SampleFeatures(
            int[] responseTokens,
            float[] behaviourLogprobs,
            float[] entropies,
            FinishReason finishReason,
            long policyVersion) {
        this(responseTokens, behaviourLogprobs, entropies, finishReason, policyVersion, null);
    }

    /** Features of a sample whose policy version is unknown (taken as 0). */
    public SampleFeatures(
            int[] responseTokens,
            float[] behaviourLogprobs,
            float[] entropies,
            FinishReason finishReason) {
        this(responseTokens, behaviourLogprobs, entropies, finishReason, 0L);
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
    public float[] entropies() {
        return entropies.clone();
    }

    /** The response length in tokens. */
    public int length() {
        return responseTokens.length;
    }

    /** The sequence's log-prob under the behaviour policy: the sum of its token log-probs. */
    public double sequenceLogprob() {
        double sum = 0;
        for (float lp : behaviourLogprobs) {
            sum += lp;
        }
        return sum;
    }

    /** These features with a list answer's per-rank hits and token ranks. */
    public SampleFeatures withRanks(RankedTokens perRank) {
        return new SampleFeatures(
                responseTokens, behaviourLogprobs, entropies, finishReason, policyVersion, perRank);
    }

    /** Whether the per-rank hits of a list answer are present. */
    public boolean hasRanks() {
        return ranks != null;
    }

    /** Whether per-token entropies are present. */
    public boolean hasEntropies() {
        return entropies.length > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SampleFeatures f
                && Arrays.equals(responseTokens, f.responseTokens)
                && Arrays.equals(behaviourLogprobs, f.behaviourLogprobs)
                && Arrays.equals(entropies, f.entropies)
                && finishReason == f.finishReason
                && policyVersion == f.policyVersion
                && Objects.equals(ranks, f.ranks);
    }

    @Override
    public int hashCode() {
        int h = Arrays.hashCode(responseTokens);
        h = 31 * h + Arrays.hashCode(behaviourLogprobs);
        h = 31 * h + Arrays.hashCode(entropies);
        h = 31 * h + finishReason.hashCode();
        h = 31 * h + Long.hashCode(policyVersion);
        return 31 * h + Objects.hashCode(ranks);
    }

    @Override
    public String toString() {
        return "SampleFeatures[responseTokens="
                + Arrays.toString(responseTokens)
                + ", behaviourLogprobs="
                + Arrays.toString(behaviourLogprobs)
                + ", entropies="
                + Arrays.toString(entropies)
                + ", finishReason="
                + finishReason
                + ", policyVersion="
                + policyVersion
                + ", ranks="
                + ranks
                + "]";
    }
}
