/**
 * Benchmarks that print ratios measured side by side in one run, and the model-less services they
 * run against ({@link dev.rivulet.tools.bench.NullModelService}, and the simulated fleet of {@code
 * bench fleet}: {@link dev.rivulet.tools.bench.SimulatedGenerator}, {@link
 * dev.rivulet.tools.bench.SimulatedLearner}), which are never used where a user would train.
 */
package dev.rivulet.tools.bench;
