package dev.rivulet.algo.reward;

import dev.rivulet.protocol.Prompt;

/** Builds prompts for reward tests. */
final class RewardTestSupport {

    private RewardTestSupport() {}

    static Prompt prompt(String task, String text, String answer) {
        return new Prompt(task + "-test", task, 1, text, answer);
    }
}
