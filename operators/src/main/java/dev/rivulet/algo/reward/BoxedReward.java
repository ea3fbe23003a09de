package dev.rivulet.algo.reward;

import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Prompt;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Rewards a response whose last {@code \boxed{...}} matches the reference after normalisation.
 *
 * <p>The reference is the content of its own last {@code \boxed{...}} when it has one, otherwise
 * the whole answer. Both sides are normalised: whitespace, {@code $}, {@code \left}/{@code \right}
 * and LaTeX spacing commands are removed, {@code \dfrac}/{@code \tfrac} become {@code \frac},
 * {@code \text{x}}/{@code \mathrm{x}} become {@code x}, degree marks and one trailing period are
 * dropped. When both sides are then plain numbers (thousands commas allowed) they compare
 * numerically, otherwise as strings.
 */
public final class BoxedReward implements RewardFunction {

    public static final String ID = "boxed";

    private static final String BOXED = "\\boxed";
    private static final Pattern TEXT_WRAPPER =
            Pattern.compile("\\\\(?:text|mathrm)\\{([^{}]*)\\}");
    private static final Pattern SPACING = Pattern.compile("\\\\[,;:! ]|\\\\left|\\\\right");
    private static final Pattern DEGREES = Pattern.compile("\\^\\{?\\\\circ\\}?");

    @Override
    public double reward(String response, Prompt prompt) {
        return score(response, prompt).reward();
    }

    /**
     * Parts: {@code correctness} (the scalar) and {@code format}, 1.0 when the response has a
     * closed {@code \boxed{...}} whose content is not empty after normalisation, right or wrong.
     */
    @Override
    public RewardBreakdown score(String response, Prompt prompt) {
        String got = response == null ? null : lastBoxed(response);
        boolean formatted = got != null && !normalise(got).isEmpty();
        double correct = got == null || prompt == null ? 0.0 : compare(got, prompt);
        return RewardBreakdown.correctness(correct).with(RewardBreakdown.FORMAT, formatted);
    }

    /** 1.0 when the boxed content {@code got} matches the prompt's reference, else 0.0. */
    private static double compare(String got, Prompt prompt) {
        String reference = lastBoxed(prompt.answer());
        if (reference == null) {
            reference = prompt.answer();
        }
        String a = normalise(got);
        String b = normalise(reference);
        if (a.isEmpty() || b.isEmpty()) {
            return 0.0;
        }
        BigDecimal x = Numbers.parseDecimal(a);
        BigDecimal y = Numbers.parseDecimal(b);
        if (x != null && y != null) {
            return x.compareTo(y) == 0 ? 1.0 : 0.0;
        }
        return a.equals(b) ? 1.0 : 0.0;
    }

    /**
     * The content of the last closed {@code \\boxed{...}}, normalised (a plain number as a decimal
     * without trailing zeros), or null when there is none or it is empty.
     */
    @Override
    public String answer(String response) {
        String got = response == null ? null : lastBoxed(response);
        if (got == null) {
            return null;
        }
        String a = normalise(got);
        if (a.isEmpty()) {
            return null;
        }
        BigDecimal x = Numbers.parseDecimal(a);
        return x == null ? a : Gsm8kReward.canonical(x);
    }

    /** The content of the last {@code \boxed{...}} with balanced braces, or null. */
    static String lastBoxed(String text) {
        int at = text.lastIndexOf(BOXED);
        while (at >= 0) {
            int i = at + BOXED.length();
            while (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
            if (i < text.length() && text.charAt(i) == '{') {
                int depth = 0;
                for (int j = i; j < text.length(); j++) {
                    char c = text.charAt(j);
                    if (c == '{') {
                        depth++;
                    } else if (c == '}') {
                        depth--;
                        if (depth == 0) {
                            return text.substring(i + 1, j);
                        }
                    }
                }
                return null; // the last box is never closed
            }
            at = text.lastIndexOf(BOXED, at - 1);
        }
        return null;
    }

    /** Canonical form of a boxed answer, as described on the class. */
    static String normalise(String s) {
        String t = s.replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac");
        t = TEXT_WRAPPER.matcher(t).replaceAll("$1");
        t = SPACING.matcher(t).replaceAll("");
        t = DEGREES.matcher(t).replaceAll("");
        StringBuilder out = new StringBuilder(t.length());
        t.codePoints()
                .filter(cp -> !Character.isWhitespace(cp) && cp != '$')
                .forEach(out::appendCodePoint);
        String r = out.toString();
        if (r.endsWith(".")) {
            r = r.substring(0, r.length() - 1);
        }
        return r;
    }

    /** Registers {@link BoxedReward} under the id {@code boxed}. */
    public static final class Factory implements RewardFunctionFactory {
        @Override
        public String id() {
            return ID;
        }

        @Override
        public String description() {
            return "content of the last \\boxed{...}, normalised, equals the reference";
        }

        @Override
        public RewardFunction create(StrategyOptions options) {
            return new BoxedReward();
        }
    }
}
