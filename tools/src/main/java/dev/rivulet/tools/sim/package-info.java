/**
 * A Flink-free simulation of the rollout loop's selector, tracker and allocator on synthetic
 * prompts with known success probabilities ({@code rivulet bench allocators}).
 */
package dev.rivulet.tools.sim;
