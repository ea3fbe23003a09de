package dev.rivulet.server.bench;

import java.util.Map;

/**
 * Measured throughput and memory.
 *
 * @param preset policy shape measured (a preset name or the model directory's name)
 * @param parameters trainable scalars of the policy
 * @param prompts prompts per generation batch
 * @param promptTokens tokens of the longest prompt
 * @param generatedTokens tokens produced per generation batch
 * @param cachedTokensPerSecond generation speed with the KV cache
 * @param recomputeTokensPerSecond generation speed recomputing the prefix every step
 * @param sameTokens whether both modes produced identical tokens
 * @param learnerSamplesPerSecond learner step throughput (timed steps, after one warm-up step)
 * @param learnerBatch sequences per learner step
 * @param learnerTokensPerSample response tokens of the longest sequence in the learner batch (at
 *     most 20)
 * @param learnerSequenceTokens prompt plus response tokens of the longest learner sequence
 * @param learnerSteps learner steps taken, the warm-up step included
 * @param memory readings of this process after each phase, in order: {@code before_load} (engine
 *     loaded, no model), {@code load}, {@code generation}, {@code learner_step_1}, {@code
 *     learner_last_step}; the learner readings' peaks are of the learner phase alone when {@code
 *     learnerPeakIsPhasePeak}
 * @param learnerPeakIsPhasePeak whether the high-water mark was reset before the learner phase
 */
public record BenchResult(
        String preset,
        long parameters,
        int prompts,
        int promptTokens,
        long generatedTokens,
        double cachedTokensPerSecond,
        double recomputeTokensPerSecond,
        boolean sameTokens,
        double learnerSamplesPerSecond,
        int learnerBatch,
        int learnerTokensPerSample,
        int learnerSequenceTokens,
        int learnerSteps,
        Map<String, ProcessMemory.Reading> memory,
        boolean learnerPeakIsPhasePeak) {

    /** Memory phase names, in order. */
    public static final String BEFORE_LOAD = "before_load";

    public static final String LOAD = "load";
    public static final String GENERATION = "generation";
    public static final String LEARNER_STEP_1 = "learner_step_1";
    public static final String LEARNER_LAST_STEP = "learner_last_step";

    /** The highest resident set this process reached over every reading; -1 when unknown. */
    public long processPeakBytes() {
        return memory.values().stream()
                .mapToLong(ProcessMemory.Reading::peakBytes)
                .max()
                .orElse(-1);
    }

    /**
     * Resident bytes per parameter while training: (learner peak − resident set before the model
     * was loaded) / parameters; NaN when memory is unknown. Meaningful in a fresh process: in a JVM
     * that held more memory before the load than at the learner's peak (heap returned to the OS in
     * between) it is negative.
     */
    public double trainingBytesPerParameter() {
        ProcessMemory.Reading before = memory.get(BEFORE_LOAD);
        ProcessMemory.Reading learner = memory.get(LEARNER_LAST_STEP);
        if (before == null || learner == null || before.rssBytes() < 0 || learner.peakBytes() < 0) {
            return Double.NaN;
        }
        return (double) (learner.peakBytes() - before.rssBytes()) / parameters;
    }
}
