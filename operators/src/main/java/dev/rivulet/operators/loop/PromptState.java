package dev.rivulet.operators.loop;

import dev.rivulet.algo.track.TrackerState;
import dev.rivulet.protocol.Prompt;

/**
 * One prompt of a shard's pool with its statistics, kept in RocksDB keyed state.
 *
 * @param prompt the prompt
 * @param tracker the value tracker's state for it
 * @param visits how many times it was selected and answered
 * @param rollouts how many rollouts were generated for it
 * @param successes how many of them had reward 1
 * @param lastPromptTokens prompt tokens of the stored response (SPO rescoring), empty if none
 * @param lastResponseTokens tokens of the last stored response, empty if none
 * @param lastLogprobs their log-probs under the weights after the visit, empty if none
 */
public record PromptState(
        Prompt prompt,
        TrackerState tracker,
        long visits,
        long rollouts,
        long successes,
        int[] lastPromptTokens,
        int[] lastResponseTokens,
        float[] lastLogprobs) {

    private static final int[] NO_TOKENS = new int[0];
    private static final float[] NO_LOGPROBS = new float[0];

    /** A prompt just registered, with the tracker's initial state. */
    public static PromptState fresh(Prompt prompt, TrackerState initial) {
        return new PromptState(prompt, initial, 0, 0, 0, NO_TOKENS, NO_TOKENS, NO_LOGPROBS);
    }

    /** True when a response is stored that SPO's KL-adaptive tracker can rescore. */
    public boolean hasStoredResponse() {
        return lastResponseTokens != null && lastResponseTokens.length > 0;
    }
}
