package dev.rivulet.algo.allocate;

import dev.rivulet.core.registry.StrategyFactory;

/** Creates a {@link BudgetAllocator}; implementations are listed in META-INF/services. */
public interface BudgetAllocatorFactory extends StrategyFactory<BudgetAllocator> {}
