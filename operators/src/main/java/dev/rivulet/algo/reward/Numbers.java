package dev.rivulet.algo.reward;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Strict ASCII number parsing shared by the reward functions; returns null instead of throwing. */
final class Numbers {

    /** Longest number text we parse; longer ones are treated as garbage. */
    static final int MAX_DIGITS = 1000;

    /**
     * Numbers inside free text: an optional minus, digits with optional thousands commas, and an
     * optional fraction.
     */
    private static final Pattern NUMBER_IN_TEXT =
            Pattern.compile("-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\\.[0-9]+)?");

    private Numbers() {}

    /**
     * Parses an integer made of ASCII digits with an optional sign; {@code lenient} also accepts a
     * plus sign and leading zeros, otherwise only the canonical form ({@code "-0"} excluded) is
     * accepted.
     */
    static BigInteger parseInteger(String s, boolean lenient) {
        if (s == null || s.isEmpty() || s.length() > MAX_DIGITS) {
            return null;
        }
        int start = 0;
        boolean negative = false;
        char first = s.charAt(0);
        if (first == '-') {
            negative = true;
            start = 1;
        } else if (first == '+' && lenient) {
            start = 1;
        }
        if (start == s.length()) {
            return null;
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        if (!lenient) {
            String digits = s.substring(start);
            if (digits.length() > 1 && digits.charAt(0) == '0') {
                return null;
            }
            if (negative && digits.equals("0")) {
                return null;
            }
        }
        BigInteger value = new BigInteger(s.substring(start));
        return negative ? value.negate() : value;
    }

    /** Parses a plain decimal number (ASCII digits, optional minus and fraction), or null. */
    static BigDecimal parseDecimal(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_DIGITS) {
            return null;
        }
        Matcher m = NUMBER_IN_TEXT.matcher(s);
        if (!m.matches()) {
            return null;
        }
        return new BigDecimal(s.replace(",", ""));
    }

    /** Every number written in {@code text}, in order, with thousands commas removed. */
    static List<BigDecimal> numbersIn(String text) {
        List<BigDecimal> out = new ArrayList<>();
        Matcher m = NUMBER_IN_TEXT.matcher(text);
        while (m.find()) {
            String token = m.group();
            if (token.length() <= MAX_DIGITS) {
                out.add(new BigDecimal(token.replace(",", "")));
            }
        }
        return out;
    }
}
