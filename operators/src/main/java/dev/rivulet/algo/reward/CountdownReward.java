package dev.rivulet.algo.reward;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Prompt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewards a countdown expression that evaluates exactly to the target and uses each given number at
 * most once.
 *
 * <p>The given numbers and the target are read from the prompt text: every ASCII integer in it, the
 * last being the target ({@code "cd 3 7 25 46="}: numbers 3, 7, 25, target 46). The response is
 * parsed by {@link CountdownExpression} (integers, {@code + - * / × ÷}, parentheses) and may end in
 * {@code "=<target>"}. A literal that is not a given number, a number used more often than it was
 * given, a division by zero or any other text scores 0.0. With {@code use-all=true} every given
 * number must be used.
 */
public final class CountdownReward implements RewardFunction {

    public static final String ID = "countdown";
    static final OptionSpec USE_ALL =
            OptionSpec.ofBoolean(
                    "use-all", false, "Require every given number to be used exactly once.");

    private final boolean useAll;

    public CountdownReward(boolean useAll) {
        this.useAll = useAll;
    }

    /** The part that is 1.0 when the expression uses only the given numbers, as allowed. */
    public static final String NUMBERS = "numbers";

    /** The part that is 1.0 when the expression (and its claim, if any) equals the target. */
    public static final String VALUE = "value";

    @Override
    public double reward(String response, Prompt prompt) {
        return score(response, prompt).reward();
    }

    /**
     * Parts: {@code correctness} (the scalar, 1.0 when both {@code value} and {@code numbers} are),
     * {@code format} (the response is a valid expression, with an integer after an optional {@code
     * "="}), {@code numbers} (each literal is a given number, used at most as often as given; with
     * {@code use-all=true} all of them) and {@code value} (it evaluates exactly to the target and a
     * claimed {@code "=<n>"} is the target). Only {@code format} is known when the prompt's numbers
     * cannot be read.
     */
    @Override
    public RewardBreakdown score(String response, Prompt prompt) {
        Long[] claim = new Long[1];
        EvaluatedExpression result = parse(response, claim);
        Long claimed = claim[0];
        List<Long> given = prompt == null ? null : integersIn(prompt.text());
        boolean value = false;
        boolean numbers = false;
        if (result != null && given != null && given.size() >= 2) {
            long target = given.remove(given.size() - 1);
            value = result.value().isInteger(target) && (claimed == null || claimed == target);
            numbers = usesGivenNumbers(result.literals(), given);
        }
        return RewardBreakdown.correctness(value && numbers ? 1.0 : 0.0)
                .with(RewardBreakdown.FORMAT, result != null)
                .with(NUMBERS, numbers)
                .with(VALUE, value);
    }

    /**
     * The response's expression with an optional {@code "=<n>"} claim (stored in {@code claim[0]}),
     * evaluated; null when it cannot be read.
     */
    static EvaluatedExpression parse(String response, Long[] claim) {
        if (response == null) {
            return null;
        }
        String expression = response.strip();
        int eq = expression.indexOf('=');
        if (eq >= 0) {
            claim[0] = parseClaim(expression.substring(eq + 1).strip());
            if (claim[0] == null) {
                return null;
            }
            expression = expression.substring(0, eq);
        }
        return CountdownExpression.evaluate(expression);
    }

    /**
     * The value the expression reaches, exactly ({@code "46"}, or {@code "7/2"} for a fraction), or
     * null when the response is not a readable expression; a claimed {@code "=<n>"} that is not the
     * value gives null. Which numbers it uses is not part of the answer.
     */
    @Override
    public String answer(String response) {
        Long[] claim = new Long[1];
        EvaluatedExpression result = parse(response, claim);
        if (result == null || (claim[0] != null && !result.value().isInteger(claim[0]))) {
            return null;
        }
        return result.value().toString();
    }

    private boolean usesGivenNumbers(List<Long> literals, List<Long> given) {
        Map<Long, Integer> left = new HashMap<>();
        for (long g : given) {
            left.merge(g, 1, Integer::sum);
        }
        for (long literal : literals) {
            Integer n = left.get(literal);
            if (n == null || n == 0) {
                return false;
            }
            left.put(literal, n - 1);
        }
        return !useAll || literals.size() == given.size();
    }

    private static Long parseClaim(String s) {
        if (s.isEmpty() || s.length() > CountdownExpression.MAX_LITERAL_DIGITS) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return null;
            }
        }
        return Long.parseLong(s);
    }

    /**
     * The ASCII integers in a prompt text, or null when one is too long to be a countdown number.
     */
    static List<Long> integersIn(String text) {
        List<Long> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                int start = i;
                while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                    i++;
                }
                if (i - start > CountdownExpression.MAX_LITERAL_DIGITS) {
                    return null;
                }
                out.add(Long.parseLong(text, start, i, 10));
            } else {
                i++;
            }
        }
        return out;
    }

    /** Registers {@link CountdownReward} under the id {@code countdown}. */
    public static final class Factory implements RewardFunctionFactory {
        @Override
        public String id() {
            return ID;
        }

        @Override
        public String description() {
            return "expression over the given numbers (each at most once) that equals the target";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(USE_ALL);
        }

        @Override
        public RewardFunction create(StrategyOptions options) {
            return new CountdownReward(USE_ALL.booleanValue(options));
        }
    }
}
