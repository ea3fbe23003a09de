package dev.rivulet.algo.sampling;

import dev.rivulet.core.registry.StrategyFactory;

/** Creates a {@link SamplingPolicy}; implementations are listed in META-INF/services. */
public interface SamplingPolicyFactory extends StrategyFactory<SamplingPolicy> {}
