package dev.rivulet.algo.task;

import dev.rivulet.protocol.Prompt;
import java.util.SplittableRandom;

/** Generates synthetic prompts of one task at a chosen difficulty from a random source. */
public interface TaskGenerator {

    /** The task id written into every prompt, for example {@code "arith"}. */
    String task();

    /** The easiest difficulty this generator supports. */
    int minDifficulty();

    /** The hardest difficulty this generator supports. */
    int maxDifficulty();

    /**
     * One prompt of the given difficulty, drawn from {@code random} only, so equal random states
     * give equal prompts; its id is {@link PromptIds#of(String, String)} of its task and text.
     *
     * @throws IllegalArgumentException when the difficulty is outside the supported range
     */
    Prompt generate(int difficulty, SplittableRandom random);

    /** Fails unless {@code difficulty} lies in {@code [minDifficulty(), maxDifficulty()]}. */
    default void checkDifficulty(int difficulty) {
        if (difficulty < minDifficulty() || difficulty > maxDifficulty()) {
            throw new IllegalArgumentException(
                    "task '"
                            + task()
                            + "' has difficulties "
                            + minDifficulty()
                            + ".."
                            + maxDifficulty()
                            + ", got "
                            + difficulty);
        }
    }
}
