package dev.rivulet.server.generate;

/**
 * One completed request.
 *
 * @param promptTokens the prompt as given
 * @param tokens generated ids, including the stop token when {@code stopReason} is STOP
 * @param logprobs per generated token, its log-prob under the policy at temperature 1 (the
 *     behaviour log-prob the learner's ratio needs), whatever temperature/top-p sampled it
 * @param stopReason why generation ended
 * @param entropies per generated token, the entropy (nats) of the distribution it was sampled from:
 *     the softmax at the request's temperature restricted to the top-p nucleus and renormalised;
 *     for greedy decoding the entropy of the temperature-1 softmax (the point mass greedy samples
 *     from has entropy 0 and says nothing); empty when not computed
 */
public record Sample(
        int[] promptTokens,
        int[] tokens,
        float[] logprobs,
        StopReason stopReason,
        float[] entropies) {

    /** Null entropies mean none. */
    public Sample {
        entropies = entropies == null ? new float[0] : entropies;
    }

    /** A sample without per-token entropies. */
    public Sample(int[] promptTokens, int[] tokens, float[] logprobs, StopReason stopReason) {
        this(promptTokens, tokens, logprobs, stopReason, new float[0]);
    }
}
