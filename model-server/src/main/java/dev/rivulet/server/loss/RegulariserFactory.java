package dev.rivulet.server.loss;

import dev.rivulet.core.registry.StrategyFactory;

/** Creates a {@link Regulariser}; implementations are listed in META-INF/services. */
public interface RegulariserFactory extends StrategyFactory<Regulariser> {}
