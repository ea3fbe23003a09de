package dev.rivulet.algo.task;

import dev.rivulet.core.registry.StrategyOptions;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One cell of a {@link TaskMix}: a task with generator options at one difficulty, and its weight.
 *
 * @param task generator task id, for example {@code "arith"}
 * @param options generator options, for example {@code ops=+}
 * @param difficulty difficulty level within the generator's range
 * @param weight relative sampling weight, positive and finite
 */
public record TaskMixEntry(String task, StrategyOptions options, int difficulty, double weight) {

    public TaskMixEntry {
        if (!(weight > 0.0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException(
                    "task mix weight must be positive and finite, got " + weight);
        }
    }

    /**
     * The entry's label without weight: {@code task[(k=v;k=v)]:difficulty}, e.g. {@code
     * arith(ops=+):3}.
     */
    public String label() {
        return cellLabel(task, options) + ":" + difficulty;
    }

    static String cellLabel(String task, StrategyOptions options) {
        Map<String, String> map = options.asMap();
        if (map.isEmpty()) {
            return task;
        }
        return task
                + map.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(";", "(", ")"));
    }
}
