package dev.rivulet.algo.hint;

import dev.rivulet.protocol.Hint;
import dev.rivulet.protocol.Prompt;

/**
 * Decides the hint of a prompt's next visit from its {@link HintState}, and how a visit's outcome
 * moves that state. The loop attaches the hint to the prompt's generation request; the server
 * generates from the hinted context; the rollout trains on the plain prompt with the hinted
 * behaviour log-probs.
 */
public interface HintPolicy {

    /** The hint for the prompt's next visit; {@link Hint#NONE} for a plain visit. */
    Hint hint(Prompt prompt, HintState state);

    /**
     * The state after a visit of {@code samples} rollouts of which {@code successes} were correct
     * (task reward at least 0.5, scored on what the policy wrote plus an answer prefix).
     */
    HintState update(HintState state, int samples, int successes);

    /**
     * The state after a visit whose group mixed plain and hinted samples: {@code hintedSamples} of
     * the {@code samples} were hinted and {@code hintedSuccesses} of the {@code successes} came
     * from them. By default the hinted ones count like the others ({@link #update(HintState, int,
     * int)}).
     */
    default HintState update(
            HintState state, int samples, int successes, int hintedSamples, int hintedSuccesses) {
        return update(state, samples, successes);
    }

    /**
     * How many of a visit's {@code n} samples are generated under {@link #hint}'s hint when it has
     * one; the others are plain and join the same group. By default all of them.
     */
    default int hintedSamples(int n) {
        return n;
    }

    /**
     * Whether a plain visit that left the prompt with a hint ({@link #hint} present for the state
     * after it) is replaced at once by a regeneration under that hint (Guide): its rollouts are not
     * trained on and the same group is generated again, hinted. By default no: the hint waits for
     * the prompt's next visit.
     */
    default boolean regenerates() {
        return false;
    }

    /**
     * The hint for the prompt's next visit when the policy may draw on the shard's solved instances
     * ({@link #keepsExemplars}); by default the same as {@link #hint(Prompt, HintState)}.
     */
    default Hint hint(Prompt prompt, HintState state, ExemplarStore exemplars) {
        return hint(prompt, state);
    }

    /**
     * Whether the loop should keep the shard's solved instances for this policy (and call {@link
     * #remember} after each training visit); false by default, and the store stays empty.
     */
    default boolean keepsExemplars() {
        return false;
    }

    /**
     * The store after a training visit of {@code prompt} in which {@code solved} was a response
     * scored correct (the visit's first one); by default unchanged.
     */
    default ExemplarStore remember(ExemplarStore store, Prompt prompt, String solved) {
        return store;
    }

    /** Rejects a visit that does not have {@code 0 <= successes <= samples}. */
    static void checkVisit(int samples, int successes) {
        if (samples < 0 || successes < 0 || successes > samples) {
            throw new IllegalArgumentException(
                    "a visit needs 0 <= successes <= samples, got " + successes + " of " + samples);
        }
    }

    /** Rejects a hint kind other than {@link Hint#IN_CONTEXT} or {@link Hint#ANSWER_PREFIX}. */
    static void checkKind(String policy, String kind) {
        if (!Hint.IN_CONTEXT.equals(kind) && !Hint.ANSWER_PREFIX.equals(kind)) {
            throw new IllegalArgumentException(
                    policy + " kind must be in-context or answer-prefix, got '" + kind + "'");
        }
    }
}
