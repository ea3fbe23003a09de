package dev.rivulet.algo.task;

import dev.rivulet.algo.reward.RewardFunction;
import dev.rivulet.algo.reward.RewardFunctionFactory;
import dev.rivulet.algo.reward.RewardFunctions;
import dev.rivulet.core.registry.Registry;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Prompt;
import java.util.List;
import java.util.TreeSet;

/**
 * Resolves a task id to its generator (for synthetic tasks) and to the id of the reward function
 * that scores it.
 *
 * <p>Known task ids are the ids of the {@link TaskGeneratorFactory} implementations listed in
 * {@code META-INF/services} ({@code arith, countdown, sort}) plus every reward id ({@code boxed,
 * exact, gsm8k}, ...): a dataset task without a generator is scored by the reward function of the
 * same id.
 */
public final class TaskRegistry {

    private static final TaskRegistry BUILT_IN =
            of(
                    Registry.load("task generator", TaskGeneratorFactory.class),
                    RewardFunctions.registry());

    private final Registry<TaskGeneratorFactory, TaskGenerator> generators;
    private final Registry<RewardFunctionFactory, RewardFunction> rewards;

    private TaskRegistry(
            Registry<TaskGeneratorFactory, TaskGenerator> generators,
            Registry<RewardFunctionFactory, RewardFunction> rewards) {
        this.generators = generators;
        this.rewards = rewards;
    }

    /** Every generator and every reward function on the class path. */
    public static TaskRegistry builtIn() {
        return BUILT_IN;
    }

    /**
     * A registry of the given generators and reward functions; a generator whose reward function is
     * missing fails here.
     */
    public static TaskRegistry of(
            Registry<TaskGeneratorFactory, TaskGenerator> generators,
            Registry<RewardFunctionFactory, RewardFunction> rewards) {
        for (TaskGeneratorFactory f : generators.factories()) {
            rewards.factory(f.defaultRewardId());
        }
        return new TaskRegistry(generators, rewards);
    }

    /** The registry of task generators. */
    public Registry<TaskGeneratorFactory, TaskGenerator> generators() {
        return generators;
    }

    /** The ids of tasks that have a generator, sorted. */
    public List<String> generatorIds() {
        return generators.ids();
    }

    /** Every known task id (generators and reward ids), sorted. */
    public List<String> taskIds() {
        TreeSet<String> ids = new TreeSet<>(generators.ids());
        ids.addAll(rewards.ids());
        return List.copyOf(ids);
    }

    public boolean isKnown(String task) {
        return generators.ids().contains(task) || rewards.ids().contains(task);
    }

    /** A generator of {@code task}; unknown tasks and bad options fail naming what is allowed. */
    public TaskGenerator generator(String task, StrategyOptions options) {
        if (!generators.ids().contains(task)) {
            throw new IllegalArgumentException(
                    "no generator for task '"
                            + task
                            + "'; tasks with generators: "
                            + String.join(", ", generatorIds()));
        }
        return generators.create(task, options);
    }

    public TaskGenerator generator(String task) {
        return generator(task, StrategyOptions.empty());
    }

    /** The reward function id that scores {@code task}; fails listing the known task ids. */
    public String rewardId(String task) {
        if (generators.ids().contains(task)) {
            return generators.factory(task).defaultRewardId();
        }
        if (rewards.ids().contains(task)) {
            return task;
        }
        throw new IllegalArgumentException(
                "unknown task '" + task + "'; known tasks: " + String.join(", ", taskIds()));
    }

    /** A new reward function (default options) for {@code task}. */
    public RewardFunction reward(String task) {
        return rewards.create(rewardId(task));
    }

    /**
     * The fixed held-out evaluation set of {@code task} at {@code difficulty}: the default
     * generator options and {@link HeldOutSplit#defaults()}; see {@link HeldOutSplit#heldOut}.
     */
    public List<Prompt> heldOut(String task, int difficulty, int count, long seed) {
        return HeldOutSplit.defaults().heldOut(generator(task), difficulty, count, seed);
    }
}
