package dev.rivulet.algo.allocate;

import java.util.List;

/** Decides how many rollouts each selected prompt gets; never modifies its input. */
public interface BudgetAllocator {

    /** One rollout count per prompt, in input order, summing to the allocator's budget. */
    Allocation allocate(List<PromptEstimate> prompts);
}
