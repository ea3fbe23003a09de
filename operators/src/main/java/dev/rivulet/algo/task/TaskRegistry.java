package dev.rivulet.algo.task;

import dev.rivulet.algo.reward.RewardFunction;
import dev.rivulet.algo.reward.RewardFunctionFactory;
import dev.rivulet.algo.reward.RewardFunctions;
import dev.rivulet.core.registry.Registry;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Prompt;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Resolves a task id to its generator (for synthetic tasks) and to the id of the reward function
 * that scores it.
 *
 * <p>Known task ids are the generator ids ({@code arith, countdown, sort}) plus every reward id
 * ({@code boxed, exact, gsm8k}, ...): a dataset task without a generator is scored by the reward
 * function of the same id.
 */
public final class TaskRegistry {

    private static final TaskRegistry BUILT_IN =
            of(
                    List.of(
                            new ArithTask.Factory(),
                            new CountdownTask.Factory(),
                            new SortTask.Factory()),
                    RewardFunctions.registry());

    private final Map<String, TaskGeneratorFactory> generators;
    private final Registry<RewardFunctionFactory, RewardFunction> rewards;

    private TaskRegistry(
            Map<String, TaskGeneratorFactory> generators,
            Registry<RewardFunctionFactory, RewardFunction> rewards) {
        this.generators = generators;
        this.rewards = rewards;
    }

    /** The built-in generators with every reward function on the class path. */
    public static TaskRegistry builtIn() {
        return BUILT_IN;
    }

    /** A registry of the given generators and reward functions; duplicate generator ids fail. */
    public static TaskRegistry of(
            List<? extends TaskGeneratorFactory> generators,
            Registry<RewardFunctionFactory, RewardFunction> rewards) {
        Map<String, TaskGeneratorFactory> byId = new TreeMap<>();
        for (TaskGeneratorFactory f : generators) {
            if (byId.put(f.id(), f) != null) {
                throw new IllegalStateException(
                        "task generator id '" + f.id() + "' is registered twice");
            }
            rewards.factory(f.defaultRewardId()); // fails early on a missing reward function
        }
        return new TaskRegistry(byId, rewards);
    }

    /** The ids of tasks that have a generator, sorted. */
    public List<String> generatorIds() {
        return List.copyOf(generators.keySet());
    }

    /** Every known task id (generators and reward ids), sorted. */
    public List<String> taskIds() {
        TreeSet<String> ids = new TreeSet<>(generators.keySet());
        ids.addAll(rewards.ids());
        return List.copyOf(ids);
    }

    public boolean isKnown(String task) {
        return generators.containsKey(task) || rewards.ids().contains(task);
    }

    /** The generator factory of {@code task}; fails listing the tasks that have generators. */
    public TaskGeneratorFactory generatorFactory(String task) {
        TaskGeneratorFactory f = generators.get(task);
        if (f == null) {
            throw new IllegalArgumentException(
                    "no generator for task '"
                            + task
                            + "'; tasks with generators: "
                            + String.join(", ", generatorIds()));
        }
        return f;
    }

    /** A generator of {@code task} with options checked against the factory's option keys. */
    public TaskGenerator generator(String task, StrategyOptions options) {
        TaskGeneratorFactory f = generatorFactory(task);
        TreeSet<String> unknown = new TreeSet<>(options.asMap().keySet());
        unknown.removeAll(f.optionKeys());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "task '"
                            + task
                            + "' does not understand option(s) "
                            + unknown
                            + "; it takes "
                            + new TreeSet<>(f.optionKeys()));
        }
        return f.create(options);
    }

    public TaskGenerator generator(String task) {
        return generator(task, StrategyOptions.empty());
    }

    /** The reward function id that scores {@code task}; fails listing the known task ids. */
    public String rewardId(String task) {
        TaskGeneratorFactory f = generators.get(task);
        if (f != null) {
            return f.defaultRewardId();
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
