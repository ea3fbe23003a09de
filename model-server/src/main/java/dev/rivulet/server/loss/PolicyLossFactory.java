package dev.rivulet.server.loss;

import dev.rivulet.core.registry.StrategyFactory;

/** Creates a {@link PolicyLoss}; implementations are listed in META-INF/services. */
public interface PolicyLossFactory extends StrategyFactory<PolicyLoss> {}
