package dev.rivulet.algo.reward;

import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Prompt;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Rewards a response listing the reference numbers in ascending order: the same multiset as the
 * reference answer, sorted.
 *
 * <p>Numbers are ASCII integers separated by whitespace and/or commas, optionally wrapped in one
 * pair of square brackets ({@code "4 17 31"}, {@code "4,17,31"}, {@code "[4, 17, 31]"}). The
 * reference answer is read the same way and need not itself be sorted.
 */
public final class SortReward implements RewardFunction {

    public static final String ID = "sort";

    /** Longest list we read; longer responses are wrong. */
    static final int MAX_ITEMS = 10_000;

    /** The part that is 1.0 when the response holds the reference's numbers, in any order. */
    public static final String MULTISET = "multiset";

    @Override
    public double reward(String response, Prompt prompt) {
        return score(response, prompt).reward();
    }

    /**
     * Parts: {@code correctness} (the scalar), {@code format} (1.0 when the response is a non-empty
     * list of integers as described on the class) and {@code multiset} (1.0 when it holds the
     * reference's numbers, each as often, in any order: a wrong order alone scores correctness 0
     * and multiset 1).
     */
    @Override
    public RewardBreakdown score(String response, Prompt prompt) {
        List<BigInteger> got = response == null ? null : parseList(response);
        List<BigInteger> expected = prompt == null ? null : parseList(prompt.answer());
        boolean correct = false;
        boolean multiset = false;
        if (expected != null && got != null) {
            Collections.sort(expected);
            correct = expected.equals(got);
            List<BigInteger> sorted = new ArrayList<>(got);
            Collections.sort(sorted);
            multiset = expected.equals(sorted);
        }
        return RewardBreakdown.correctness(correct ? 1.0 : 0.0)
                .with(RewardBreakdown.FORMAT, got != null && !got.isEmpty())
                .with(MULTISET, multiset);
    }

    /** The list as read, in its order, joined by single spaces; null when unreadable or empty. */
    @Override
    public String answer(String response) {
        List<BigInteger> got = response == null ? null : parseList(response);
        if (got == null || got.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (BigInteger v : got) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(v);
        }
        return out.toString();
    }

    /** The integers of a separated list, or null when anything else is in it. */
    static List<BigInteger> parseList(String text) {
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]") && s.length() >= 2) {
            s = s.substring(1, s.length() - 1).strip();
        }
        List<BigInteger> out = new ArrayList<>();
        if (s.isEmpty()) {
            return out;
        }
        for (String token : s.split("[\\s,]+", MAX_ITEMS + 1)) {
            if (out.size() >= MAX_ITEMS) {
                return null;
            }
            BigInteger value = Numbers.parseInteger(token, true);
            if (value == null) {
                return null;
            }
            out.add(value);
        }
        return out;
    }

    /** Registers {@link SortReward} under the id {@code sort}. */
    public static final class Factory implements RewardFunctionFactory {
        @Override
        public String id() {
            return ID;
        }

        @Override
        public String description() {
            return "the reference numbers in ascending order (same multiset, sorted)";
        }

        @Override
        public RewardFunction create(StrategyOptions options) {
            return new SortReward();
        }
    }
}
