package dev.rivulet.algo.shape;

import dev.rivulet.algo.reward.RewardFunction;
import dev.rivulet.algo.task.TaskRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a response's final answer the way its task's reward function does ({@link
 * RewardFunction#answer}), without the reference answer. A task the built-in registry does not know
 * is read as its trimmed text.
 */
final class TaskAnswers {

    /** Used for a task that the registry does not know: the trimmed text. */
    private static final RewardFunction TRIMMED = (response, prompt) -> 0.0;

    private final TaskRegistry tasks;
    private final Map<String, RewardFunction> byTask = new ConcurrentHashMap<>();

    TaskAnswers(TaskRegistry tasks) {
        this.tasks = tasks;
    }

    /** The canonical final answer of {@code response} to a prompt of {@code task}, or null. */
    String answer(String task, String response) {
        return byTask.computeIfAbsent(task, this::rewardOf).answer(response);
    }

    private RewardFunction rewardOf(String task) {
        return tasks.isKnown(task) ? tasks.reward(task) : TRIMMED;
    }
}
