package dev.rivulet.algo.hint;

import dev.rivulet.protocol.Hint;
import dev.rivulet.protocol.Prompt;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Tiered hint texts of a prompt, more revealing at each level: with a worked solution (GSM8K,
 * MATH), tier L is its first L sentences; without one (arithmetic and the other synthetic tasks),
 * tier L is the answer's first L characters (its leading digits). The top tier of a prompt is its
 * whole solution or its whole answer; higher levels repeat it.
 */
public final class HintTiers {

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\s*\\n\\s*");
    private static final Pattern CALCULATOR = Pattern.compile("<<[^>]*>>");

    private HintTiers() {}

    /** The sentences of a worked solution, GSM8K's calculator annotations removed. */
    static List<String> sentences(String solution) {
        List<String> out = new ArrayList<>();
        for (String s : SENTENCE_END.split(CALCULATOR.matcher(solution).replaceAll(""))) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    /**
     * How many distinct tiers the prompt has: sentences of its solution, else answer characters.
     */
    public static int tiers(Prompt p) {
        return p.hasSolution() ? sentences(p.solution()).size() : p.answer().length();
    }

    /**
     * The hint of tier {@code level} ({@code >= 1}, capped at {@link #tiers}) placed as {@code
     * kind} says, or {@link Hint#NONE} when the prompt has no tier to give. Its level is the capped
     * one.
     *
     * <ul>
     *   <li>{@value Hint#IN_CONTEXT}: {@code "Hint: <first L sentences>"}, or {@code "Hint: the
     *       answer starts with <first L characters>"} ({@code "Hint: the answer is <answer>"} once
     *       L reaches the answer's length);
     *   <li>{@value Hint#ANSWER_PREFIX}: the first L sentences (joined by a space, with a trailing
     *       space), or the answer's first L characters.
     * </ul>
     */
    public static Hint hint(Prompt p, int level, String kind) {
        if (level < 1) {
            throw new IllegalArgumentException("hint tier must be >= 1, got " + level);
        }
        int tiers = tiers(p);
        if (tiers == 0) {
            return Hint.NONE;
        }
        int l = Math.min(level, tiers);
        boolean prefix = Hint.ANSWER_PREFIX.equals(kind);
        if (!prefix && !Hint.IN_CONTEXT.equals(kind)) {
            throw new IllegalArgumentException(
                    "hint kind must be "
                            + Hint.IN_CONTEXT
                            + " or "
                            + Hint.ANSWER_PREFIX
                            + ", got '"
                            + kind
                            + "'");
        }
        if (p.hasSolution()) {
            String steps = String.join(" ", sentences(p.solution()).subList(0, l));
            return prefix ? Hint.answerPrefix(steps + " ", l) : Hint.inContext("Hint: " + steps, l);
        }
        String digits = p.answer().substring(0, l);
        if (prefix) {
            return Hint.answerPrefix(digits, l);
        }
        return Hint.inContext(
                l == tiers
                        ? "Hint: the answer is " + digits
                        : "Hint: the answer starts with " + digits,
                l);
    }
}
