/**
 * Verifiable reward functions: each scores a response against a {@link
 * dev.rivulet.protocol.Prompt}'s reference answer with 1.0 (correct) or 0.0 (wrong), never throws
 * on garbage output, and is found by id through {@link
 * dev.rivulet.algo.reward.RewardFunctions#registry()}.
 */
package dev.rivulet.algo.reward;
