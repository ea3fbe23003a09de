package dev.rivulet.algo.allocate;

import dev.rivulet.core.registry.Registry;

/** The registry of budget allocators, loaded once. */
public final class BudgetAllocators {

    private static final Registry<BudgetAllocatorFactory, BudgetAllocator> REGISTRY =
            Registry.load("budget allocator", BudgetAllocatorFactory.class);

    private BudgetAllocators() {}

    public static Registry<BudgetAllocatorFactory, BudgetAllocator> registry() {
        return REGISTRY;
    }
}
