/**
 * Reward shapers: rewrite a visit's task rewards (correctness, format) into the rewards the tracker
 * and the advantage estimator see, for example a length penalty; each behind {@link
 * dev.rivulet.algo.shape.RewardShaper} and found by id through {@link
 * dev.rivulet.algo.shape.RewardShapers}; docs/strategies.md lists the ids.
 */
package dev.rivulet.algo.shape;
