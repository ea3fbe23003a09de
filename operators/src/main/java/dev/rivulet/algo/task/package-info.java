/**
 * Prompt sources without Flink: synthetic task generators with difficulty levels ({@code arith},
 * {@code countdown}, {@code sort}), the held-out evaluation split, weighted task mixes that yield
 * an endless deterministic training stream, and the JSONL row parser with its dead letters.
 */
package dev.rivulet.algo.task;
