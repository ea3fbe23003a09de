package dev.rivulet.operators.loop;

import dev.rivulet.algo.hint.HintState;
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
 * @param lastLogprobs the stored response's reference log-probs for SPO's drift D: with KL
 *     rescoring on, its rescoring under the weights current when the visit was scored (empty when
 *     that rescoring failed, and D is then 0 at the next visit); without, the behaviour log-probs
 *     (unused)
 * @param priorSamples the samples of the prior measurement still owed before the prompt may be
 *     selected (its tracker's {@link dev.rivulet.algo.track.ValueTracker#priorSamples()} from
 *     admission until the prior call is scored), 0 once it is selectable
 */
public record PromptState(
        Prompt prompt,
        TrackerState tracker,
        long visits,
        long rollouts,
        long successes,
        int[] lastPromptTokens,
        int[] lastResponseTokens,
        float[] lastLogprobs,
        int priorSamples,
        HintState hint) {

    private static final int[] NO_TOKENS = new int[0];
    private static final float[] NO_LOGPROBS = new float[0];

    public PromptState {
        if (priorSamples < 0) {
            throw new IllegalArgumentException("priorSamples must be >= 0, got " + priorSamples);
        }
        hint = hint == null ? HintState.PLAIN : hint;
    }

    /** A prompt without hint state (never hinted). */
    public PromptState(
            Prompt prompt,
            TrackerState tracker,
            long visits,
            long rollouts,
            long successes,
            int[] lastPromptTokens,
            int[] lastResponseTokens,
            float[] lastLogprobs,
            int priorSamples) {
        this(
                prompt,
                tracker,
                visits,
                rollouts,
                successes,
                lastPromptTokens,
                lastResponseTokens,
                lastLogprobs,
                priorSamples,
                HintState.PLAIN);
    }

    /** A selectable prompt (no prior owed). */
    public PromptState(
            Prompt prompt,
            TrackerState tracker,
            long visits,
            long rollouts,
            long successes,
            int[] lastPromptTokens,
            int[] lastResponseTokens,
            float[] lastLogprobs) {
        this(
                prompt,
                tracker,
                visits,
                rollouts,
                successes,
                lastPromptTokens,
                lastResponseTokens,
                lastLogprobs,
                0);
    }

    /** A prompt just registered, with the tracker's initial state. */
    public static PromptState fresh(Prompt prompt, TrackerState initial) {
        return new PromptState(prompt, initial, 0, 0, 0, NO_TOKENS, NO_TOKENS, NO_LOGPROBS, 0);
    }

    /**
     * A prompt just registered that owes a prior measurement of {@code priorSamples} samples before
     * it may be selected ({@link #fresh} when 0).
     */
    public static PromptState awaitingPrior(Prompt prompt, TrackerState initial, int priorSamples) {
        return new PromptState(
                prompt, initial, 0, 0, 0, NO_TOKENS, NO_TOKENS, NO_LOGPROBS, priorSamples);
    }

    /** True while the prompt's prior measurement is owed (planned or in flight). */
    public boolean priorPending() {
        return priorSamples > 0;
    }

    /**
     * The state once the prior is measured: the tracker starts at {@code initial}, the samples
     * count as rollouts and successes, and the prompt becomes selectable; visits stay unchanged.
     */
    public PromptState withPrior(TrackerState initial, int samples, int priorSuccesses) {
        return new PromptState(
                prompt,
                initial,
                visits,
                rollouts + samples,
                successes + priorSuccesses,
                lastPromptTokens,
                lastResponseTokens,
                lastLogprobs,
                0,
                hint);
    }

    /** This state with another hint state. */
    public PromptState withHint(HintState next) {
        return new PromptState(
                prompt,
                tracker,
                visits,
                rollouts,
                successes,
                lastPromptTokens,
                lastResponseTokens,
                lastLogprobs,
                priorSamples,
                next);
    }

    /** This state with another stored response and its reference log-probs (empty: none). */
    public PromptState withStoredResponse(int[] promptTokens, int[] responseTokens, float[] ref) {
        return new PromptState(
                prompt,
                tracker,
                visits,
                rollouts,
                successes,
                promptTokens,
                responseTokens,
                ref,
                priorSamples,
                hint);
    }

    /** True when a response is stored that SPO's KL-adaptive tracker can rescore. */
    public boolean hasStoredResponse() {
        return lastResponseTokens != null && lastResponseTokens.length > 0;
    }
}
