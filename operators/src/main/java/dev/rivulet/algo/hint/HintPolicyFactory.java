package dev.rivulet.algo.hint;

import dev.rivulet.core.registry.StrategyFactory;

/** Creates a {@link HintPolicy}; implementations are listed in META-INF/services. */
public interface HintPolicyFactory extends StrategyFactory<HintPolicy> {}
