package dev.rivulet.tools.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What a supervised warm-up run trains.
 *
 * @param mix task-mix spec ({@code TaskMix.parse})
 * @param modelSize preset {@code tiny}, {@code small} or {@code medium}
 * @param budget wall-clock training time
 * @param seed model initialisation and data-stream seed
 * @param batchSize pairs per step
 * @param learningRate AdamW learning rate
 * @param steps optimizer steps to take (0: as many as the budget allows); with a step count the
 *     result does not depend on machine load, and the budget is only a safety cap
 * @param startFrom a Hugging Face model directory to continue from (its weights and tokenizer);
 *     null starts a fresh {@code modelSize} model over the character vocabulary
 */
public record PretrainSpec(
        String mix,
        String modelSize,
        Duration budget,
        long seed,
        int batchSize,
        double learningRate,
        int steps,
        Path startFrom) {

    public PretrainSpec {
        Objects.requireNonNull(mix, "mix");
        Objects.requireNonNull(modelSize, "modelSize");
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("budget must be > 0, got " + budget);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
        }
    }

    /** Batch 128 and learning rate 1e-3 (what worked for the PyTorch reference). */
    public static PretrainSpec of(String mix, String modelSize, Duration budget, long seed) {
        return new PretrainSpec(mix, modelSize, budget, seed, 128, 1e-3, 0, null);
    }

    /** This spec continuing from the model directory {@code dir} (null: a fresh model). */
    public PretrainSpec startingFrom(Path dir) {
        return new PretrainSpec(
                mix,
                modelSize,
                budget,
                seed,
                batchSize,
                learningRate,
                steps,
                dir == null ? null : dir.toAbsolutePath().normalize());
    }

    /** A fixed number of steps (batch 128, learning rate 1e-3), capped at {@code cap}. */
    public static PretrainSpec ofSteps(
            String mix, String modelSize, int steps, Duration cap, long seed) {
        return new PretrainSpec(mix, modelSize, cap, seed, 128, 1e-3, steps, null);
    }

    /** A stable name for the cache: everything that changes the result. */
    public String cacheKey() {
        String text =
                String.join(
                        "|",
                        "v2-hf",
                        String.valueOf(startFrom),
                        mix,
                        modelSize,
                        Long.toString(budget.toSeconds()),
                        Long.toString(seed),
                        Integer.toString(batchSize),
                        Double.toString(learningRate),
                        Integer.toString(steps));
        return modelSize
                + "-"
                + (steps > 0 ? steps + "steps" : budget.toSeconds() + "s")
                + "-seed"
                + seed
                + "-"
                + Integer.toHexString(text.hashCode());
    }
}
