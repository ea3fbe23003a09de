package dev.rivulet.algo.reward;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Prompt;
import java.math.BigInteger;
import java.util.List;

/**
 * Rewards a response that, after trimming whitespace, is the reference integer.
 *
 * <p>Only ASCII digits count (no commas, spaces or other scripts' digits). By default a leading
 * plus sign and leading zeros are accepted ({@code "+0168"} equals 168, {@code "-0"} equals 0);
 * with {@code strict=true} only the canonical form {@code "168"} is.
 */
public final class ArithReward implements RewardFunction {

    public static final String ID = "arith";
    static final OptionSpec STRICT =
            OptionSpec.ofBoolean(
                    "strict",
                    false,
                    "Also require the canonical form (no sign, no leading zeros).");

    private final boolean strict;

    public ArithReward(boolean strict) {
        this.strict = strict;
    }

    @Override
    public double reward(String response, Prompt prompt) {
        return score(response, prompt).reward();
    }

    /**
     * Parts: {@code correctness} (the scalar) and {@code format}, 1.0 when the trimmed response is
     * an integer in the accepted form (canonical only with {@code strict=true}), right or wrong.
     */
    @Override
    public RewardBreakdown score(String response, Prompt prompt) {
        BigInteger got = response == null ? null : Numbers.parseInteger(response.strip(), !strict);
        BigInteger expected =
                prompt == null ? null : Numbers.parseInteger(prompt.answer().strip(), true);
        boolean correct = expected != null && expected.equals(got);
        return RewardBreakdown.correctness(correct ? 1.0 : 0.0)
                .with(RewardBreakdown.FORMAT, got != null);
    }

    /**
     * The integer in canonical form (read leniently: {@code "+046"} gives {@code "46"}), or null.
     */
    @Override
    public String answer(String response) {
        BigInteger got = response == null ? null : Numbers.parseInteger(response.strip(), true);
        return got == null ? null : got.toString();
    }

    /** Registers {@link ArithReward} under the id {@code arith}. */
    public static final class Factory implements RewardFunctionFactory {
        @Override
        public String id() {
            return ID;
        }

        @Override
        public String description() {
            return "integer equality after trimming; strict=true also requires the canonical form";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(STRICT);
        }

        @Override
        public RewardFunction create(StrategyOptions options) {
            return new ArithReward(STRICT.booleanValue(options));
        }
    }
}
