package dev.rivulet.algo.task;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Prompt;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Generates list-sorting prompts such as {@code "sort 31 4 17="} (answer {@code "4 17 31"}).
 *
 * <p>Difficulty d (3..12) is the list length; items are drawn uniformly from 0..{@code max-value}
 * (default 99) and may repeat. With two-digit items, lists longer than 4 no longer fit a 32-char
 * context together with their answer; {@code max-value=9} keeps them short.
 */
public final class SortTask implements TaskGenerator {

    public static final String ID = "sort";
    static final OptionSpec MAX_VALUE =
            OptionSpec.ofInt("max-value", 99, "Largest item; items are drawn from 0..max-value.")
                    .atLeast(1);

    private final int maxValue;

    public SortTask(int maxValue) {
        if (maxValue < 1) {
            throw new IllegalArgumentException(
                    "sort option 'max-value' must be >= 1, got " + maxValue);
        }
        this.maxValue = maxValue;
    }

    @Override
    public String task() {
        return ID;
    }

    @Override
    public int minDifficulty() {
        return 3;
    }

    @Override
    public int maxDifficulty() {
        return 12;
    }

    @Override
    public Prompt generate(int difficulty, SplittableRandom random) {
        checkDifficulty(difficulty);
        int[] items = new int[difficulty];
        for (int i = 0; i < difficulty; i++) {
            items[i] = random.nextInt(maxValue + 1);
        }
        String text = "sort " + join(items) + "=";
        int[] sorted = items.clone();
        Arrays.sort(sorted);
        return new Prompt(PromptIds.of(ID, text), ID, difficulty, text, join(sorted));
    }

    private static String join(int[] items) {
        return Arrays.stream(items).mapToObj(Integer::toString).collect(Collectors.joining(" "));
    }

    /** Registers {@link SortTask} under the task id {@code sort}. */
    public static final class Factory implements TaskGeneratorFactory {
        @Override
        public String id() {
            return ID;
        }

        @Override
        public String description() {
            return "sort 3-12 small numbers ascending, e.g. \"sort 31 4 17=\" -> \"4 17 31\"";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(MAX_VALUE);
        }

        @Override
        public String defaultRewardId() {
            return "sort";
        }

        @Override
        public TaskGenerator create(StrategyOptions options) {
            return new SortTask(MAX_VALUE.intValue(options));
        }
    }
}
