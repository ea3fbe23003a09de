package dev.rivulet.algo.hint;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Hint;
import dev.rivulet.protocol.Prompt;
import java.util.List;

/**
 * ExPO's self-explanations: once a prompt's plain rollouts have failed {@code k} times in a row,
 * {@code samples} of each visit's n samples (at most n − 1) are generated with the true answer in
 * context ({@code "Hint: the answer is <answer>"}), so the model writes a reasoning that reaches
 * it; they join the plain samples in one group, are scored like them, and train on the plain prompt
 * with the answer-conditioned behaviour log-probs (ratio π_θ(y | x) / π_b(y | x, a*)).
 *
 * <p>State (0, f), f = plain rollouts that failed in a row. After a visit with n samples, s
 * successes, of which h samples and s_h successes were answer-conditioned: if n − h = 0 the state
 * stays; if s − s_h &gt; 0 (a plain success) f ← 0; else f ← f + (n − h). A visit is mixed iff f ≥
 * k and the prompt has an answer.
 */
public final class ExpoHints implements HintPolicy {

    static final OptionSpec SAMPLES =
            OptionSpec.ofInt(
                            "samples",
                            1,
                            "Answer-conditioned self-explanation samples per visit (at most n - 1:"
                                    + " at least one plain sample stays); the others are plain and"
                                    + " share the group.")
                    .atLeast(1);
    static final OptionSpec K =
            OptionSpec.ofInt(
                            "k",
                            8,
                            "Plain rollouts that failed in a row before self-explanations join a"
                                    + " prompt's visits (8 = one all-wrong group of our default"
                                    + " size); 0 = every visit.")
                    .atLeast(0);

    private final int samples;
    private final int k;

    /**
     * @param samples answer-conditioned samples per mixed visit, {@code >= 1}
     * @param k plain failures in a row that start the self-explanations, {@code >= 0}
     */
    public ExpoHints(int samples, int k) {
        if (samples < 1) {
            throw new IllegalArgumentException("expo samples must be >= 1, got " + samples);
        }
        if (k < 0) {
            throw new IllegalArgumentException("expo k must be >= 0, got " + k);
        }
        this.samples = samples;
        this.k = k;
    }

    /** The answer-conditioned hint of {@code prompt}, or {@link Hint#NONE} without an answer. */
    public static Hint answerHint(Prompt prompt) {
        String answer = prompt.answer().strip();
        return answer.isEmpty() ? Hint.NONE : Hint.inContext("Hint: the answer is " + answer, 1);
    }

    @Override
    public Hint hint(Prompt prompt, HintState state) {
        return state.failures() >= k ? answerHint(prompt) : Hint.NONE;
    }

    @Override
    public int hintedSamples(int n) {
        return Math.max(0, Math.min(samples, n - 1));
    }

    @Override
    public HintState update(HintState state, int samples, int successes) {
        return update(state, samples, successes, 0, 0);
    }

    @Override
    public HintState update(
            HintState state, int samples, int successes, int hintedSamples, int hintedSuccesses) {
        if (samples < 0
                || successes < 0
                || successes > samples
                || hintedSamples < 0
                || hintedSamples > samples
                || hintedSuccesses < 0
                || hintedSuccesses > Math.min(hintedSamples, successes)) {
            throw new IllegalArgumentException(
                    "a visit needs 0 <= successes <= samples and 0 <= hinted successes <= hinted"
                            + " samples, got "
                            + successes
                            + " of "
                            + samples
                            + " ("
                            + hintedSuccesses
                            + " of "
                            + hintedSamples
                            + " hinted)");
        }
        int plain = samples - hintedSamples;
        if (plain == 0) {
            return state;
        }
        if (successes - hintedSuccesses > 0) {
            return HintState.PLAIN;
        }
        long failures = (long) state.failures() + plain;
        return new HintState(0, (int) Math.min(failures, Integer.MAX_VALUE));
    }

    /** Registers {@code expo}. */
    public static final class Factory implements HintPolicyFactory {
        @Override
        public String id() {
            return "expo";
        }

        @Override
        public String description() {
            return "ExPO: after k plain failures in a row, 'samples' of each visit's samples see the"
                    + " true answer in context (self-explanations) and join the plain group;"
                    + " trained on the plain prompt with the ratio pi(plain)/pi_b(answer-conditioned).";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(SAMPLES, K);
        }

        @Override
        public HintPolicy create(StrategyOptions options) {
            return new ExpoHints(SAMPLES.intValue(options), K.intValue(options));
        }
    }
}
