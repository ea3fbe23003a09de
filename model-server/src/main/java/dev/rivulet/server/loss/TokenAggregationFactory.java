package dev.rivulet.server.loss;

import dev.rivulet.core.registry.StrategyFactory;

/** Creates a {@link TokenAggregation}; implementations are listed in META-INF/services. */
public interface TokenAggregationFactory extends StrategyFactory<TokenAggregation> {}
