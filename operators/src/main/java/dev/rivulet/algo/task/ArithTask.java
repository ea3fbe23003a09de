package dev.rivulet.algo.task;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Prompt;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates compact integer arithmetic prompts such as {@code "123+45="} (answer {@code "168"}).
 *
 * <p>Difficulty d (1..5) is the number of digits of the larger operand; the other operand has 1..d
 * digits, chosen uniformly. One-digit operands are 0..9, longer ones have no leading zero.
 * Operators come from option {@code ops} (default {@code "+-*"}), drawn uniformly: {@code +} puts
 * the longer operand first or second at random; {@code -} always subtracts the smaller from the
 * larger, so answers are never negative; {@code *} keeps the second operand to 1..ceil(d/2) digits,
 * so products have at most d + ceil(d/2) digits.
 */
public final class ArithTask implements TaskGenerator {

    public static final String ID = "arith";
    static final OptionSpec OPS =
            OptionSpec.ofString("ops", "+-*", "The operators to draw from, a string of + - *.");

    private static final long[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

    private final char[] ops;

    /** A generator drawing operators from {@code ops}, a non-empty string of {@code + - *}. */
    public ArithTask(String ops) {
        if (ops.isEmpty() || !ops.chars().allMatch(c -> c == '+' || c == '-' || c == '*')) {
            throw new IllegalArgumentException(
                    "arith option 'ops' must be a non-empty string of + - *, got '" + ops + "'");
        }
        this.ops =
                ops.chars()
                        .distinct()
                        .sorted()
                        .collect(
                                StringBuilder::new,
                                StringBuilder::appendCodePoint,
                                StringBuilder::append)
                        .toString()
                        .toCharArray();
    }

    @Override
    public String task() {
        return ID;
    }

    @Override
    public int minDifficulty() {
        return 1;
    }

    @Override
    public int maxDifficulty() {
        return 5;
    }

    @Override
    public Prompt generate(int difficulty, SplittableRandom random) {
        checkDifficulty(difficulty);
        char op = ops[random.nextInt(ops.length)];
        long big = withDigits(difficulty, random);
        int otherDigits = op == '*' ? (difficulty + 1) / 2 : difficulty;
        long small = withDigits(1 + random.nextInt(otherDigits), random);
        long a;
        long b;
        long result;
        switch (op) {
            case '+' -> {
                boolean swap = random.nextBoolean();
                a = swap ? small : big;
                b = swap ? big : small;
                result = a + b;
            }
            case '-' -> {
                a = Math.max(big, small);
                b = Math.min(big, small);
                result = a - b;
            }
            default -> {
                a = big;
                b = small;
                result = a * b;
            }
        }
        String text = a + String.valueOf(op) + b + "=";
        return new Prompt(PromptIds.of(ID, text), ID, difficulty, text, Long.toString(result));
    }

    private static long withDigits(int digits, SplittableRandom random) {
        if (digits == 1) {
            return random.nextInt(10);
        }
        return random.nextLong(POW10[digits - 1], POW10[digits]);
    }

    /** Registers {@link ArithTask} under the task id {@code arith}. */
    public static final class Factory implements TaskGeneratorFactory {
        @Override
        public String id() {
            return ID;
        }

        @Override
        public String description() {
            return "integer +, -, * with 1-5 digit operands, e.g. \"123+45=\" -> \"168\"";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(OPS);
        }

        @Override
        public String defaultRewardId() {
            return "arith";
        }

        @Override
        public TaskGenerator create(StrategyOptions options) {
            return new ArithTask(OPS.stringValue(options));
        }
    }
}
