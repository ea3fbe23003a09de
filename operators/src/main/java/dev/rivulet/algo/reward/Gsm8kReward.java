package dev.rivulet.algo.reward;

import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Prompt;
import java.math.BigDecimal;
import java.util.List;

/**
 * Rewards a response whose final answer equals the reference numerically (GSM8K convention).
 *
 * <p>The final answer is the first number after the last {@code "####"} when the response has one,
 * otherwise the last number anywhere in it. Thousands commas are stripped ({@code "1,234"}), and
 * values compare as decimals ({@code "72.0"} equals {@code "72"}). The reference answer is read the
 * same way, so either {@code "72"} or a full solution ending in {@code "#### 72"} works.
 */
public final class Gsm8kReward implements RewardFunction {

    public static final String ID = "gsm8k";
    public static final String MARKER = "####";

    @Override
    public double reward(String response, Prompt prompt) {
        return score(response, prompt).reward();
    }

    /**
     * Parts: {@code correctness} (the scalar) and {@code format}, 1.0 when the response states its
     * answer the GSM8K way, a number after its last {@code "####"}, right or wrong. A response
     * scored by its last number (no marker) has format 0.0 even when it is correct.
     */
    @Override
    public RewardBreakdown score(String response, Prompt prompt) {
        double correct = 0.0;
        if (response != null && prompt != null) {
            BigDecimal expected = finalAnswer(prompt.answer());
            BigDecimal got = finalAnswer(response);
            if (expected != null && got != null && expected.compareTo(got) == 0) {
                correct = 1.0;
            }
        }
        return RewardBreakdown.correctness(correct)
                .with(RewardBreakdown.FORMAT, response != null && hasMarkedAnswer(response));
    }

    /**
     * The final number (after the last {@code "####"}, else the last one) as a plain decimal
     * without trailing zeros ({@code "72.0"} gives {@code "72"}), or null.
     */
    @Override
    public String answer(String response) {
        BigDecimal got = response == null ? null : finalAnswer(response);
        return got == null ? null : canonical(got);
    }

    static String canonical(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.signum() == 0 ? "0" : s.toPlainString();
    }

    /** True when a number follows the last {@code "####"} of {@code text}. */
    static boolean hasMarkedAnswer(String text) {
        int marker = text.lastIndexOf(MARKER);
        return marker >= 0
                && !Numbers.numbersIn(text.substring(marker + MARKER.length())).isEmpty();
    }

    /** The final numeric answer of a text, or null when it has none. */
    static BigDecimal finalAnswer(String text) {
        int marker = text.lastIndexOf(MARKER);
        if (marker >= 0) {
            List<BigDecimal> after = Numbers.numbersIn(text.substring(marker + MARKER.length()));
            return after.isEmpty() ? null : after.get(0);
        }
        List<BigDecimal> all = Numbers.numbersIn(text);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** Registers {@link Gsm8kReward} under the id {@code gsm8k}. */
    public static final class Factory implements RewardFunctionFactory {
        @Override
        public String id() {
            return ID;
        }

        @Override
        public String description() {
            return "number after the last '####' (else the last number) equals the reference";
        }

        @Override
        public RewardFunction create(StrategyOptions options) {
            return new Gsm8kReward();
        }
    }
}
