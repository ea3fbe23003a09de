package dev.rivulet.algo.task;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Prompt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Generates solvable countdown prompts such as {@code "cd 3 7 25 46="} (numbers, then the target;
 * answer {@code "25+3*7"}).
 *
 * <p>Difficulty d (2..5) is how many numbers are given. The generator draws d numbers uniformly
 * from 1..{@code max-number} (default 25), combines all of them in a random order with random
 * operators into one expression whose intermediate values stay positive integers (exact division
 * only), and keeps the instance when the result is a target in 1..{@code max-target} (default 100)
 * that is not itself one of the numbers. So every prompt has the known solution in its answer; the
 * numbers are listed in ascending order.
 */
public final class CountdownTask implements TaskGenerator {

    public static final String ID = "countdown";
    static final OptionSpec MAX_NUMBER =
            OptionSpec.ofInt("max-number", 25, "Largest given number.").atLeast(2);
    static final OptionSpec MAX_TARGET =
            OptionSpec.ofInt("max-target", 100, "Largest target.").atLeast(2);

    private static final int MAX_ATTEMPTS = 100_000;
    private static final int ATOM = 3;
    private static final int PRODUCT = 2;
    private static final int SUM = 1;

    private final int maxNumber;
    private final int maxTarget;

    public CountdownTask(int maxNumber, int maxTarget) {
        if (maxNumber < 2 || maxTarget < 2) {
            throw new IllegalArgumentException(
                    "countdown options max-number and max-target must be >= 2, got "
                            + maxNumber
                            + " and "
                            + maxTarget);
        }
        this.maxNumber = maxNumber;
        this.maxTarget = maxTarget;
    }

    @Override
    public String task() {
        return ID;
    }

    @Override
    public int minDifficulty() {
        return 2;
    }

    @Override
    public int maxDifficulty() {
        return 5;
    }

    @Override
    public Prompt generate(int difficulty, SplittableRandom random) {
        checkDifficulty(difficulty);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            int[] numbers = new int[difficulty];
            List<CountdownNode> pool = new ArrayList<>();
            for (int i = 0; i < difficulty; i++) {
                numbers[i] = 1 + random.nextInt(maxNumber);
                pool.add(new CountdownNode(numbers[i], Integer.toString(numbers[i]), ATOM));
            }
            while (pool.size() > 1) {
                CountdownNode a = pool.remove(random.nextInt(pool.size()));
                CountdownNode b = pool.remove(random.nextInt(pool.size()));
                pool.add(combine(a, b, random));
            }
            long target = pool.get(0).value();
            if (target >= 1 && target <= maxTarget && !contains(numbers, target)) {
                Arrays.sort(numbers);
                String text =
                        "cd "
                                + Arrays.stream(numbers)
                                        .mapToObj(Integer::toString)
                                        .collect(Collectors.joining(" "))
                                + " "
                                + target
                                + "=";
                return new Prompt(
                        PromptIds.of(ID, text), ID, difficulty, text, pool.get(0).expression());
            }
        }
        throw new IllegalStateException(
                "no countdown instance with target <= " + maxTarget + " after many attempts");
    }

    private static CountdownNode combine(
            CountdownNode a, CountdownNode b, SplittableRandom random) {
        switch (random.nextInt(4)) {
            case 0:
                if (a.value() != b.value()) {
                    CountdownNode hi = a.value() > b.value() ? a : b;
                    CountdownNode lo = a.value() > b.value() ? b : a;
                    return new CountdownNode(
                            hi.value() - lo.value(), wrap(hi, SUM) + "-" + wrap(lo, PRODUCT), SUM);
                }
                break;
            case 1:
                return new CountdownNode(
                        a.value() * b.value(), wrap(a, PRODUCT) + "*" + wrap(b, PRODUCT), PRODUCT);
            case 2:
                if (b.value() > 1 && a.value() % b.value() == 0) {
                    return new CountdownNode(
                            a.value() / b.value(), wrap(a, PRODUCT) + "/" + wrap(b, ATOM), PRODUCT);
                }
                if (a.value() > 1 && b.value() % a.value() == 0) {
                    return new CountdownNode(
                            b.value() / a.value(), wrap(b, PRODUCT) + "/" + wrap(a, ATOM), PRODUCT);
                }
                break;
            default:
                break;
        }
        return new CountdownNode(a.value() + b.value(), wrap(a, SUM) + "+" + wrap(b, SUM), SUM);
    }

    /** The node's expression, in parentheses when it binds looser than {@code needed}. */
    private static String wrap(CountdownNode n, int needed) {
        return n.precedence() < needed ? "(" + n.expression() + ")" : n.expression();
    }

    private static boolean contains(int[] numbers, long value) {
        for (int n : numbers) {
            if (n == value) {
                return true;
            }
        }
        return false;
    }

    /** Registers {@link CountdownTask} under the task id {@code countdown}. */
    public static final class Factory implements TaskGeneratorFactory {
        @Override
        public String id() {
            return ID;
        }

        @Override
        public String description() {
            return "reach a target with 2-5 given numbers, e.g. \"cd 3 7 25 46=\" -> \"25+3*7\"";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(MAX_NUMBER, MAX_TARGET);
        }

        @Override
        public String defaultRewardId() {
            return "countdown";
        }

        @Override
        public TaskGenerator create(StrategyOptions options) {
            return new CountdownTask(MAX_NUMBER.intValue(options), MAX_TARGET.intValue(options));
        }
    }
}
