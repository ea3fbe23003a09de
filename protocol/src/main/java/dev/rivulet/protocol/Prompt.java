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
 */
public record Prompt(String id, String task, int difficulty, String text, String answer) {

    public Prompt {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(answer, "answer");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("prompt id must not be empty");
        }
        if (difficulty < 0) {
            throw new IllegalArgumentException("difficulty must be >= 0, got " + difficulty);
        }
    }
}
