package dev.rivulet.algo.task;

import dev.rivulet.core.registry.StrategyFactory;

/**
 * Creates a {@link TaskGenerator} from its options and names the reward function that scores it.
 */
public interface TaskGeneratorFactory extends StrategyFactory<TaskGenerator> {

    /**
     * The id of the reward function that scores this task's prompts, for example {@code "arith"}.
     */
    String defaultRewardId();
}
