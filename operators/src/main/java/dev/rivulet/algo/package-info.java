/**
 * Flink-free reinforcement-learning strategies: selectors, budget allocators, value trackers,
 * advantage estimators, reward functions, tasks and replay policies. Nothing here may depend on
 * Flink's runtime or DJL (an ArchUnit test checks it).
 */
package dev.rivulet.algo;
