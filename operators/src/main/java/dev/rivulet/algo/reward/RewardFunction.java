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

    /**
     * The reward with its named parts, for telemetry; {@link RewardBreakdown#reward()} is always
     * {@link #reward(String, Prompt)}'s value, so the parts never change what is trained.
     *
     * <p>The default reports one part, {@code correctness}, equal to the scalar; a function that
     * can tell more (an answer in the expected format, the right numbers in the wrong order)
     * overrides it. Same contract as {@link #reward}: never throws, stateless, thread-safe.
     */
    default RewardBreakdown score(String response, Prompt prompt) {
        return RewardBreakdown.correctness(reward(response, prompt));
    }
}
