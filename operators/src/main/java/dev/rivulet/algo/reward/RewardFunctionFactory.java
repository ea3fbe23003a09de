package dev.rivulet.algo.reward;

import dev.rivulet.core.registry.StrategyFactory;

/** Creates a {@link RewardFunction}; listed in {@code META-INF/services} to be found by id. */
public interface RewardFunctionFactory extends StrategyFactory<RewardFunction> {}
