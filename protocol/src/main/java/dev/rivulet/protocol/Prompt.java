package dev.rivulet.protocol;

import java.util.Objects;

/**
 * One training or evaluation prompt: the unit the selector picks and the model answers.
 *
 * @param id stable unique id (the same prompt always has the same id)
 * @param task task id naming the reward function, for example {@code "arith"}
 * @param difficulty difficulty level, 1 = easiest; 0 when unknown
 * @param text the prompt text given to the policy
 * @param answer the reference answer the reward function checks against
 * @param solution the reference worked solution (GSM8K's rationale, MATH's solution), kept so it
 *     can serve as a hint; {@code ""} when the dataset has none
 */
public record Prompt(
        String id, String task, int difficulty, String text, String answer, String solution) {

    /** A prompt without a worked solution. */
    public Prompt(String id, String task, int difficulty, String text, String answer) {
        this(id, task, difficulty, text, answer, "");
    }

    public Prompt {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(answer, "answer");
        solution = solution == null ? "" : solution;
        if (id.isEmpty()) {
            throw new IllegalArgumentException("prompt id must not be empty");
        }
        if (difficulty < 0) {
            throw new IllegalArgumentException("difficulty must be >= 0, got " + difficulty);
        }
    }

    /** Whether the prompt carries a worked solution. */
    public boolean hasSolution() {
        return !solution.isEmpty();
    }
}
