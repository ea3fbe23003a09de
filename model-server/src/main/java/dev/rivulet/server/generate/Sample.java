package dev.rivulet.server.generate;

/**
 * One completed request.
 *
 * @param promptTokens the prompt as given
 * @param tokens generated ids, including the stop token when {@code stopReason} is STOP
 * @param logprobs per generated token, its log-prob under the policy at temperature 1 (the
 *     behaviour log-prob the learner's ratio needs), whatever temperature/top-p sampled it
 * @param stopReason why generation ended
 */
public record Sample(int[] promptTokens, int[] tokens, float[] logprobs, StopReason stopReason) {}
