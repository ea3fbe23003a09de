package dev.rivulet.algo.reward;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Prompt;
import java.util.List;
import java.util.Locale;

/**
 * Rewards a response equal to the reference answer after trimming leading and trailing whitespace
 * ({@link String#strip()}), optionally ignoring case.
 */
public final class ExactReward implements RewardFunction {

    public static final String ID = "exact";
    static final OptionSpec IGNORE_CASE =
            OptionSpec.ofBoolean("ignore-case", false, "Compare ignoring case.");

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

    /** The trimmed response (lower-cased with {@code ignore-case=true}), or null when empty. */
    @Override
    public String answer(String response) {
        if (response == null || response.isBlank()) {
            return null;
        }
        String t = response.strip();
        return ignoreCase ? t.toLowerCase(Locale.ROOT) : t;
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
        public List<OptionSpec> options() {
            return List.of(IGNORE_CASE);
        }

        @Override
        public RewardFunction create(StrategyOptions options) {
            return new ExactReward(IGNORE_CASE.booleanValue(options));
        }
    }
}
