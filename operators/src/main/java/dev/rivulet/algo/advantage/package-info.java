/**
 * Advantage estimators: group baselines (grpo, drgrpo, ngrpo, rec, asymre) and the SPO tracker
 * baseline, each behind {@link dev.rivulet.algo.advantage.AdvantageEstimator}.
 */
package dev.rivulet.algo.advantage;
