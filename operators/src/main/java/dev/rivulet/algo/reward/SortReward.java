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
 *
 * <p>Per rank ({@link #listHits}, for the {@code rank} advantage): the response's k-th item hits
 * when it reads as the k-th number of the sorted reference.
 */
public final class SortReward implements RewardFunction, ListReward {

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

    /**
     * Rank k hits when the response's k-th item (a run of characters between separators:
     * whitespace, commas and square brackets) reads as an integer equal to the sorted reference's
     * k-th number. An item that is not an integer is a miss at its rank and does not spoil the
     * others; a reference that cannot be read has no ranks.
     */
    @Override
    public ListHits listHits(String response, Prompt prompt) {
        String text = response == null ? "" : response;
        List<BigInteger> expected = prompt == null ? null : parseList(prompt.answer());
        if (expected != null) {
            Collections.sort(expected);
        }
        double[] hits = new double[expected == null ? 0 : expected.size()];
        int[] itemOfChar = new int[text.length()];
        int item = -1;
        int start = -1;
        for (int c = 0; c <= text.length(); c++) {
            boolean separator = c == text.length() || isSeparator(text.charAt(c));
            if (!separator && start < 0) {
                item++;
                start = c;
            } else if (separator && start >= 0) {
                if (item < hits.length) {
                    BigInteger value = Numbers.parseInteger(text.substring(start, c), true);
                    hits[item] = expected.get(item).equals(value) ? 1.0 : 0.0;
                }
                start = -1;
            }
            if (c < text.length()) {
                itemOfChar[c] = Math.max(item, 0);
            }
        }
        return new ListHits(hits, itemOfChar, item + 1);
    }

    private static boolean isSeparator(char ch) {
        return Character.isWhitespace(ch) || ch == ',' || ch == '[' || ch == ']';
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
