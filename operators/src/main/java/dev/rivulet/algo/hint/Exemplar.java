package dev.rivulet.algo.hint;

import java.io.Serializable;
import java.util.Objects;

/**
 * A solved instance the loop has seen: a prompt of a task and difficulty and a response of the
 * policy that the task's reward scored correct. XRPO's in-context seeding places one before a
 * prompt the policy has not solved yet.
 *
 * @param promptId the solved prompt's id (a prompt is never seeded with its own solution)
 * @param task the task id
 * @param difficulty the difficulty level
 * @param prompt the solved prompt's text
 * @param response the answer that was scored correct (after an answer prefix: prefix + written)
 */
public record Exemplar(String promptId, String task, int difficulty, String prompt, String response)
        implements Serializable {

    public Exemplar {
        Objects.requireNonNull(promptId, "promptId");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(response, "response");
    }
}
