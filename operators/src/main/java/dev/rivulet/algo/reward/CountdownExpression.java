package dev.rivulet.algo.reward;

import java.util.ArrayList;
import java.util.List;

/**
 * A safe recursive-descent evaluator for countdown answers: non-negative integer literals, binary
 * {@code + - * / × ÷ −} and parentheses, evaluated exactly with {@link Rational}.
 *
 * <p>There is no unary minus, no exponent, no decimal point and no implicit multiplication;
 * literals are ASCII digits without leading zeros. Anything else, a division by zero, an expression
 * longer than {@link #MAX_CHARS} or nested deeper than {@link #MAX_DEPTH} makes {@link #evaluate}
 * return null.
 */
final class CountdownExpression {

    static final int MAX_CHARS = 256;
    static final int MAX_DEPTH = 32;
    static final int MAX_LITERAL_DIGITS = 9;

    private final String s;
    private final List<Long> literals = new ArrayList<>();
    private final List<Rational> steps = new ArrayList<>();
    private int pos;
    private int depth;

    private CountdownExpression(String s) {
        this.s = s;
    }

    /** Evaluates {@code expression}, or returns null when it is not a valid expression. */
    static EvaluatedExpression evaluate(String expression) {
        if (expression == null || expression.length() > MAX_CHARS) {
            return null;
        }
        CountdownExpression parser = new CountdownExpression(expression);
        try {
            Rational value = parser.expr();
            parser.skipSpaces();
            if (value == null || parser.pos != expression.length()) {
                return null;
            }
            return new EvaluatedExpression(
                    value, List.copyOf(parser.literals), List.copyOf(parser.steps));
        } catch (ArithmeticException e) {
            return null; // division by zero
        }
    }

    private Rational expr() {
        Rational left = term();
        while (left != null) {
            skipSpaces();
            char op = peek();
            if (op == '+') {
                pos++;
                Rational right = term();
                left = right == null ? null : step(left.plus(right));
            } else if (op == '-' || op == '\u2212') {
                pos++;
                Rational right = term();
                left = right == null ? null : step(left.minus(right));
            } else {
                break;
            }
        }
        return left;
    }

    private Rational term() {
        Rational left = factor();
        while (left != null) {
            skipSpaces();
            char op = peek();
            if (op == '*' || op == '\u00d7') {
                pos++;
                Rational right = factor();
                left = right == null ? null : step(left.times(right));
            } else if (op == '/' || op == '\u00f7') {
                pos++;
                Rational right = factor();
                left = right == null ? null : step(left.dividedBy(right));
            } else {
                break;
            }
        }
        return left;
    }

    private Rational factor() {
        skipSpaces();
        char c = peek();
        if (c == '(') {
            if (++depth > MAX_DEPTH) {
                return null;
            }
            pos++;
            Rational inner = expr();
            skipSpaces();
            if (inner == null || peek() != ')') {
                return null;
            }
            pos++;
            depth--;
            return inner;
        }
        int start = pos;
        while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
            pos++;
        }
        int digits = pos - start;
        if (digits == 0 || digits > MAX_LITERAL_DIGITS || (digits > 1 && s.charAt(start) == '0')) {
            return null;
        }
        long value = Long.parseLong(s, start, pos, 10);
        literals.add(value);
        return Rational.of(value);
    }

    private Rational step(Rational value) {
        steps.add(value);
        return value;
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private void skipSpaces() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }
}
