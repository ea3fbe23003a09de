/**
 * Hint policies: which prompts get guided generation (a hint that conditions the rollout but is
 * never trained on as the policy's own) and at which level, from a small per-prompt {@link
 * dev.rivulet.algo.hint.HintState} kept in the RolloutLoop's keyed state.
 */
package dev.rivulet.algo.hint;
