package dev.rivulet.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * One sampled completion of a {@link GenerationRequest}, with the log-probability the behaviour
 * policy gave each generated token.
 *
 * @param requestId id of the request this answers
 * @param promptId id of the prompt
 * @param sampleIndex index of this sample within the request, {@code 0 <= i < numSamples}
 * @param promptTokens the tokenised prompt
 * @param tokens the generated tokens
 * @param logprobs log-probability of each generated token; same length as {@code tokens}
 * @param text the decoded completion text
 * @param policyVersion the policy version that generated it
 * @param finishReason why generation stopped
 * @param entropies the entropy (nats) of the sampling distribution at each generated token, the
 *     distribution after temperature and top-p; same length as {@code tokens}, or empty when the
 *     generator did not compute them
 */
public record Completion(
        String requestId,
        String promptId,
        int sampleIndex,
        int[] promptTokens,
        int[] tokens,
        float[] logprobs,
        String text,
        long policyVersion,
        FinishReason finishReason,
        float[] entropies) {

    /** A completion without per-token entropies. */
    public Completion(
            String requestId,
            String promptId,
            int sampleIndex,
            int[] promptTokens,
            int[] tokens,
            float[] logprobs,
            String text,
            long policyVersion,
            FinishReason finishReason) {
        this(
                requestId,
                promptId,
                sampleIndex,
                promptTokens,
                tokens,
                logprobs,
                text,
                policyVersion,
                finishReason,
                new float[0]);
    }

    public Completion {
        Checks.notEmpty(requestId, "requestId");
        Checks.notEmpty(promptId, "promptId");
        Checks.nonNegative(sampleIndex, "sampleIndex");
        promptTokens = Checks.copy(promptTokens, "promptTokens");
        tokens = Checks.copy(tokens, "tokens");
        logprobs = Checks.copy(logprobs, "logprobs");
        Checks.sameLength(tokens.length, logprobs.length, "tokens", "logprobs");
        Checks.notNull(text, "text");
        Checks.nonNegative(policyVersion, "policyVersion");
        Checks.notNull(finishReason, "finishReason");
        entropies = Checks.copy(entropies, "entropies");
        if (entropies.length > 0) {
            Checks.sameLength(tokens.length, entropies.length, "tokens", "entropies");
        }
    }

    /** Whether the generator reported per-token entropies. */
    public boolean hasEntropies() {
        return entropies.length > 0;
    }

    @Override
    public float[] entropies() {
        return entropies.clone();
    }

    @Override
    public int[] promptTokens() {
        return promptTokens.clone();
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    @Override
    public float[] logprobs() {
        return logprobs.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Completion c
                && requestId.equals(c.requestId)
                && promptId.equals(c.promptId)
                && sampleIndex == c.sampleIndex
                && Arrays.equals(promptTokens, c.promptTokens)
                && Arrays.equals(tokens, c.tokens)
                && Arrays.equals(logprobs, c.logprobs)
                && text.equals(c.text)
                && policyVersion == c.policyVersion
                && finishReason == c.finishReason
                && Arrays.equals(entropies, c.entropies);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(requestId, promptId, sampleIndex, text, policyVersion, finishReason);
        h = 31 * h + Arrays.hashCode(promptTokens);
        h = 31 * h + Arrays.hashCode(tokens);
        h = 31 * h + Arrays.hashCode(entropies);
        return 31 * h + Arrays.hashCode(logprobs);
    }

    @Override
    public String toString() {
        return "Completion[requestId="
                + requestId
                + ", promptId="
                + promptId
                + ", sampleIndex="
                + sampleIndex
                + ", promptTokens="
                + Arrays.toString(promptTokens)
                + ", tokens="
                + Arrays.toString(tokens)
                + ", logprobs="
                + Arrays.toString(logprobs)
                + ", text="
                + text
                + ", policyVersion="
                + policyVersion
                + ", finishReason="
                + finishReason
                + ", entropies="
                + Arrays.toString(entropies)
                + "]";
    }
}
