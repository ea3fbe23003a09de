package dev.rivulet.algo.advantage;

import dev.rivulet.core.registry.StrategyFactory;

/** Creates an {@link AdvantageEstimator}; implementations are listed in META-INF/services. */
public interface AdvantageEstimatorFactory extends StrategyFactory<AdvantageEstimator> {}
