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

    /**
     * The final answer this function reads from {@code response}, in a canonical form that two
     * equal answers share ({@code "046"} and {@code "46"} both give {@code "46"} for {@code
     * arith}), or null when no answer can be read. It never looks at a reference answer, so
     * label-free methods (majority voting) may use it.
     *
     * <p>The default is the trimmed response, null when that is empty (exact matching); functions
     * that parse their answers override it. Same contract as {@link #reward}: never throws,
     * stateless, thread-safe.
     */
    default String answer(String response) {
        if (response == null) {
            return null;
        }
        String t = response.strip();
        return t.isEmpty() ? null : t;
    }
}
