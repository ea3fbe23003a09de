package dev.rivulet.algo.reward;

import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Prompt;
import java.util.Set;

/**
 * Rewards a response equal to the reference answer after trimming leading and trailing whitespace
 * ({@link String#strip()}), optionally ignoring case.
 */
public final class ExactReward implements RewardFunction {

    public static final String ID = "exact";
    public static final String IGNORE_CASE = "ignore-case";

    private final boolean ignoreCase;

    public ExactReward(boolean ignoreCase) {
        this.ignoreCase = ignoreCase;
    }

    @Override
    public double reward(String response, Prompt prompt) {
        if (response == null || prompt == null) {
            return 0.0;
        }
        String got = response.strip();
        String expected = prompt.answer().strip();
        boolean same = ignoreCase ? got.equalsIgnoreCase(expected) : got.equals(expected);
        return same ? 1.0 : 0.0;
    }

    /** Registers {@link ExactReward} under the id {@code exact}. */
    public static final class Factory implements RewardFunctionFactory {
        @Override
        public String id() {
            return ID;
        }

        @Override
        public String description() {
            return "exact string match after trimming whitespace; ignore-case=true folds case";
        }

        @Override
        public Set<String> optionKeys() {
            return Set.of(IGNORE_CASE);
        }

        @Override
        public RewardFunction create(StrategyOptions options) {
            return new ExactReward(options.getBoolean(IGNORE_CASE, false));
        }
    }
}
