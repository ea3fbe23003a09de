package dev.rivulet.algo.select;

import java.util.List;
import java.util.random.RandomGenerator;

/** Chooses which prompts of a pool to roll out next; never modifies its inputs. */
public interface PromptSelector {

    /**
     * Selects up to {@code m} prompts.
     *
     * @param pool the candidates, in a deterministic order (the result depends on it)
     * @param m how many prompts are wanted
     * @param state the cursor returned by the previous call, or {@link SelectorState#start}
     * @param rng the shard's seeded generator
     */
    Selection select(List<Candidate> pool, int m, SelectorState state, RandomGenerator rng);

    /** Selects with a fresh cursor (for stateless selectors and tests). */
    default Selection select(List<Candidate> pool, int m, RandomGenerator rng) {
        return select(pool, m, SelectorState.start(0), rng);
    }

    static void checkM(int m) {
        if (m < 0) {
            throw new IllegalArgumentException("M must be >= 0, got " + m);
        }
    }
}
