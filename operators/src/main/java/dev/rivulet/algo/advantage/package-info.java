/**
 * Advantage estimators: group baselines and the SPO tracker baseline, each behind {@link
 * dev.rivulet.algo.advantage.AdvantageEstimator} and found by id through {@link
 * dev.rivulet.algo.advantage.AdvantageEstimators}; docs/strategies.md lists the ids.
 */
package dev.rivulet.algo.advantage;
