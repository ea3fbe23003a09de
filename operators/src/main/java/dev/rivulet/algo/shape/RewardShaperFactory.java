package dev.rivulet.algo.shape;

import dev.rivulet.core.registry.StrategyFactory;

/** Creates a {@link RewardShaper}; implementations are listed in META-INF/services. */
public interface RewardShaperFactory extends StrategyFactory<RewardShaper> {}
