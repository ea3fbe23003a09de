package dev.rivulet.algo.allocate;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Gives every prompt the same n rollouts (n = 8 by default; SPO uses n = 1). */
public final class FixedAllocator implements BudgetAllocator {

    static final OptionSpec N = OptionSpec.ofInt("n", 8, "Rollouts per prompt.").atLeast(1);

    private final int n;

    public FixedAllocator(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("option 'n' must be >= 1, got " + n);
        }
        this.n = n;
    }

    @Override
    public Allocation allocate(List<PromptEstimate> prompts) {
        List<String> ids = new ArrayList<>(prompts.size());
        for (PromptEstimate p : prompts) {
            ids.add(p.promptId());
        }
        return new Allocation(ids, Collections.nCopies(prompts.size(), n), n * prompts.size(), 0.0);
    }

    /** Registers {@code fixed}. */
    public static final class Factory implements BudgetAllocatorFactory {
        @Override
        public String id() {
            return "fixed";
        }

        @Override
        public String description() {
            return "The same number n of rollouts for every prompt.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(N);
        }

        @Override
        public BudgetAllocator create(StrategyOptions options) {
            return new FixedAllocator(N.intValue(options));
        }
    }
}
