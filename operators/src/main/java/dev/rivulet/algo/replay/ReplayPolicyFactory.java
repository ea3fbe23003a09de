package dev.rivulet.algo.replay;

import dev.rivulet.core.registry.StrategyFactory;

/** Creates a {@link ReplayPolicy}; implementations are listed in META-INF/services. */
public interface ReplayPolicyFactory extends StrategyFactory<ReplayPolicy> {}
