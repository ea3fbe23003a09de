package dev.rivulet.algo.reward;

import dev.rivulet.core.registry.Registry;

/** The registry of reward functions: {@code arith, boxed, countdown, exact, gsm8k, sort}. */
public final class RewardFunctions {

    /** The family name used in registry error messages. */
    public static final String FAMILY = "reward function";

    private static final Registry<RewardFunctionFactory, RewardFunction> REGISTRY =
            Registry.load(FAMILY, RewardFunctionFactory.class);

    private RewardFunctions() {}

    /** Every reward function on the class path, found by id. */
    public static Registry<RewardFunctionFactory, RewardFunction> registry() {
        return REGISTRY;
    }

    /** The reward function {@code id} with its default options. */
    public static RewardFunction create(String id) {
        return REGISTRY.create(id);
    }
}
