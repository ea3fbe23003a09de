package dev.rivulet.server.bench;

/**
 * Measured throughput.
 *
 * @param preset policy shape measured
 * @param prompts prompts per generation batch
 * @param generatedTokens tokens produced per generation batch
 * @param cachedTokensPerSecond generation speed with the KV cache
 * @param recomputeTokensPerSecond generation speed recomputing the prefix every step
 * @param sameTokens whether both modes produced identical tokens
 * @param learnerSamplesPerSecond learner step throughput
 * @param learnerBatch sequences per learner step
 * @param learnerTokensPerSample response tokens per sequence in the learner batch
 */
public record BenchResult(
        String preset,
        int prompts,
        long generatedTokens,
        double cachedTokensPerSecond,
        double recomputeTokensPerSecond,
        boolean sameTokens,
        double learnerSamplesPerSecond,
        int learnerBatch,
        int learnerTokensPerSample) {}
