package dev.rivulet.algo.select;

import dev.rivulet.core.registry.StrategyFactory;

/** Creates a {@link PromptSelector}; implementations are listed in META-INF/services. */
public interface PromptSelectorFactory extends StrategyFactory<PromptSelector> {}
