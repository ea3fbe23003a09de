package dev.rivulet.tools.compare;

import java.time.Duration;
import java.util.List;

/**
 * A named set of compare settings; {@code rivulet compare --preset NAME} starts from one and every
 * explicit flag overrides its value.
 *
 * @param name preset name
 * @param arms built-in arms, as {@code --arms} takes them
 * @param seeds seeds per arm
 * @param rollouts rollout budget of each run
 * @param maxDuration wall-time cap of each run's training
 * @param heldOutPerCell held-out prompts per difficulty cell
 * @param evalEvery interval between held-out evaluations
 * @param sync whether to run the synchronous baseline too
 */
public record ComparePreset(
        String name,
        String arms,
        int seeds,
        long rollouts,
        Duration maxDuration,
        int heldOutPerCell,
        Duration evalEvery,
        boolean sync) {

    /**
     * The core arms ({@link Arms#CORE}), 3 seeds, 30 000 rollouts, 50 held-out prompts per cell,
     * evaluations every 10 s.
     */
    public static final ComparePreset QUICK =
            new ComparePreset(
                    "quick",
                    "core",
                    3,
                    30_000,
                    Duration.ofSeconds(150),
                    50,
                    Duration.ofSeconds(10),
                    true);

    /** The core arms, 5 seeds, 120 000 rollouts, 200 held-out prompts per cell, every 30 s. */
    public static final ComparePreset FULL =
            new ComparePreset(
                    "full",
                    "core",
                    5,
                    120_000,
                    Duration.ofMinutes(8),
                    200,
                    Duration.ofSeconds(30),
                    true);

    /**
     * The prompt-allocation arms (uniform GRPO, SPO, Knapsack GRPO), 3 seeds each, on a fine
     * evaluation grid: 60 000 rollouts per run, the demo's 611 held-out prompts, an evaluation
     * every 3 s, no synchronous run. Each run's training is capped at 3 minutes, so 9 runs stay
     * within 45 minutes with their evaluations and start-up (docs/benchmarks.md names the measured
     * run).
     */
    public static final ComparePreset ALLOCATORS =
            new ComparePreset(
                    "allocators",
                    "uniform-grpo,spo,knapsack-grpo",
                    3,
                    60_000,
                    Duration.ofSeconds(180),
                    200,
                    Duration.ofSeconds(3),
                    false);

    /**
     * The smoke compare of the seed methods that change the loss or token-level credit ({@link
     * Arms#SEED_LOSS_METHODS}) against uniform GRPO and SPO: one seed, otherwise the allocators
     * preset's settings (60 000 rollouts or 3 minutes of training per run, 611 held-out prompts, an
     * evaluation every 3 s).
     */
    public static final ComparePreset SEED_METHODS =
            new ComparePreset(
                    "seed-methods",
                    "uniform-grpo,spo," + String.join(",", Arms.SEED_LOSS_METHODS),
                    1,
                    60_000,
                    Duration.ofSeconds(180),
                    200,
                    Duration.ofSeconds(3),
                    false);

    /**
     * The smoke compare of the seed methods that act in the loop ({@link Arms#SEED_LOOP_METHODS}:
     * selection, allocation, reward shaping, replay, advantages) against uniform GRPO and SPO, with
     * the settings of {@link #SEED_METHODS}.
     */
    public static final ComparePreset LOOP_METHODS =
            new ComparePreset(
                    "loop-methods",
                    "uniform-grpo,spo," + String.join(",", Arms.SEED_LOOP_METHODS),
                    1,
                    60_000,
                    Duration.ofSeconds(180),
                    200,
                    Duration.ofSeconds(3),
                    false);

    /** Every preset. */
    public static List<ComparePreset> all() {
        return List.of(QUICK, FULL, ALLOCATORS, SEED_METHODS, LOOP_METHODS);
    }

    /** The preset called {@code name}. */
    public static ComparePreset of(String name) {
        return all().stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "unknown --preset '"
                                                + name
                                                + "'; known: "
                                                + all().stream()
                                                        .map(ComparePreset::name)
                                                        .toList()));
    }

    /** This preset with each non-null value replacing the preset's own. */
    public ComparePreset with(
            String arms,
            Integer seeds,
            Long rollouts,
            Duration maxDuration,
            Integer heldOutPerCell,
            Duration evalEvery,
            Boolean sync) {
        return new ComparePreset(
                name,
                arms != null ? arms : this.arms,
                seeds != null ? seeds : this.seeds,
                rollouts != null ? rollouts : this.rollouts,
                maxDuration != null ? maxDuration : this.maxDuration,
                heldOutPerCell != null ? heldOutPerCell : this.heldOutPerCell,
                evalEvery != null ? evalEvery : this.evalEvery,
                sync != null ? sync : this.sync);
    }
}
