package dev.rivulet.algo.allocate;

import java.util.List;

/**
 * An allocator's decision: how many rollouts each prompt gets, in the input order.
 *
 * @param promptIds the prompts, in the order given
 * @param rollouts the rollout count N_i of each prompt
 * @param budget the total budget B; the counts always sum to it
 * @param expectedValue Σ Value(N_i, p̂_i) over the prompts with p̂ in (0, 1) (knapsack; 0 for
 *     fixed; for xrpo the planned shrinkage Σ h(n-min) − h(N_i) of their confidence intervals)
 */
public record Allocation(
        List<String> promptIds, List<Integer> rollouts, int budget, double expectedValue) {

    public Allocation {
        promptIds = List.copyOf(promptIds);
        rollouts = List.copyOf(rollouts);
        if (promptIds.size() != rollouts.size()) {
            throw new IllegalArgumentException("one rollout count per prompt");
        }
    }

    public int size() {
        return promptIds.size();
    }

    public int rollouts(int i) {
        return rollouts.get(i);
    }

    /** Σ N_i. */
    public int total() {
        int s = 0;
        for (int n : rollouts) {
            s += n;
        }
        return s;
    }
}
