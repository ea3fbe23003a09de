package dev.rivulet.algo.track;

import dev.rivulet.core.registry.StrategyFactory;

/** Creates a {@link ValueTracker}; implementations are listed in META-INF/services. */
public interface ValueTrackerFactory extends StrategyFactory<ValueTracker> {}
