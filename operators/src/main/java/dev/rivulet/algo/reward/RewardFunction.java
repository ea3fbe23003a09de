package dev.rivulet.algo.reward;

import dev.rivulet.protocol.Prompt;

/** Scores one model response against a prompt's reference answer. */
@FunctionalInterface
public interface RewardFunction {

    /**
     * Returns 1.0 when {@code response} is a correct answer to {@code prompt} and 0.0 otherwise.
     *
     * <p>Implementations never throw on any response (null, empty, garbage, huge, non-ASCII) and
     * score a prompt whose reference answer they cannot read as 0.0; they are stateless and
     * thread-safe.
     */
    double reward(String response, Prompt prompt);
}
