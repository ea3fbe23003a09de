package dev.rivulet.algo.hint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Hint;
import dev.rivulet.protocol.Prompt;
import org.junit.jupiter.api.Test;

/** ExPO's rules (when self-explanations join, how many), hand-computed, and degenerate cases. */
class ExpoHintsTest {

    private final HintPolicy expo = HintPolicies.registry().create("expo");
    private final Prompt arith = new Prompt("a", "arith", 4, "4821+3377=", "8198");

    private static HintState f(int failures) {
        return new HintState(0, failures);
    }

    @Test
    void selfExplanationsJoinAfterKPlainFailuresInARow() {
        assertThat(expo.regenerates()).isFalse();
        // k = 8: fresh prompt, no self-explanation
        assertThat(expo.hint(arith, HintState.PLAIN)).isEqualTo(Hint.NONE);
        // one all-wrong plain group of 8: f = 0 + 8 = 8 >= k -> the next visit is mixed
        HintState after = expo.update(HintState.PLAIN, 8, 0);
        assertThat(after).isEqualTo(f(8));
        assertThat(expo.hint(arith, after))
                .isEqualTo(Hint.inContext("Hint: the answer is 8198", 1));
        // two groups of 4 reach k too: 4 then 8
        assertThat(expo.update(expo.update(HintState.PLAIN, 4, 0), 4, 0)).isEqualTo(f(8));
        assertThat(expo.hint(arith, f(7))).isEqualTo(Hint.NONE);
    }

    @Test
    void onlyPlainSuccessesStopThem() {
        // a mixed visit of 7 plain + 1 answer-conditioned: the explanation is right (s = 1, s_h =
        // 1), every plain sample wrong -> f = 8 + (8 - 1) = 15, still mixed
        assertThat(expo.update(f(8), 8, 1, 1, 1)).isEqualTo(f(15));
        // 2 successes, 1 of them the explanation: a plain success -> back to (0, 0)
        assertThat(expo.update(f(8), 8, 2, 1, 1)).isEqualTo(HintState.PLAIN);
        // a plain success with a wrong explanation resets too
        assertThat(expo.update(f(8), 8, 1, 1, 0)).isEqualTo(HintState.PLAIN);
        // the 3-argument form is a plain visit: 0 of 8 -> f + 8
        assertThat(expo.update(f(8), 8, 0)).isEqualTo(f(16));
        assertThat(expo.update(f(8), 8, 3)).isEqualTo(HintState.PLAIN);
    }

    @Test
    void howManySamplesAreAnswerConditioned() {
        // default samples = 1: 1 of 8, 1 of 2, none of a group of one (served plain)
        assertThat(expo.hintedSamples(8)).isEqualTo(1);
        assertThat(expo.hintedSamples(2)).isEqualTo(1);
        assertThat(expo.hintedSamples(1)).isZero();
        HintPolicy three =
                HintPolicies.registry()
                        .create("expo", StrategyOptions.of("samples", "3", "k", "0"));
        // min(3, n - 1): 3 of 8, 2 of 3
        assertThat(three.hintedSamples(8)).isEqualTo(3);
        assertThat(three.hintedSamples(3)).isEqualTo(2);
        // k = 0: every visit, from the first
        assertThat(three.hint(arith, HintState.PLAIN))
                .isEqualTo(Hint.inContext("Hint: the answer is 8198", 1));
        // the answer, never the worked solution (ExPO conditions on the answer alone)
        Prompt gsm = new Prompt("g", "gsm8k", 0, "q?", " 72 ", "Half is 24. Total 72.");
        assertThat(three.hint(gsm, HintState.PLAIN))
                .isEqualTo(Hint.inContext("Hint: the answer is 72", 1));
    }

    @Test
    void degenerateVisitsAndBadOptions() {
        // a prompt without an answer is served plain
        assertThat(expo.hint(new Prompt("e", "open", 0, "say hi", ""), f(100)))
                .isEqualTo(Hint.NONE);
        // a visit with no plain sample, or an empty one, moves nothing
        assertThat(expo.update(f(9), 2, 2, 2, 2)).isEqualTo(f(9));
        assertThat(expo.update(f(9), 0, 0)).isEqualTo(f(9));
        // an all-right plain group: no guidance
        assertThat(expo.update(f(9), 8, 8)).isEqualTo(HintState.PLAIN);
        assertThatThrownBy(() -> expo.update(f(0), 4, 1, 1, 2))
                .hasMessageContaining("got 1 of 4 (2 of 1 hinted)");
        assertThatThrownBy(() -> expo.update(f(0), 4, 1, 5, 0)).hasMessageContaining("5 hinted");
        assertThatThrownBy(
                        () ->
                                HintPolicies.registry()
                                        .create("expo", StrategyOptions.of("samples", "0")))
                .hasMessageContaining("samples");
        assertThatThrownBy(
                        () -> HintPolicies.registry().create("expo", StrategyOptions.of("k", "-1")))
                .hasMessageContaining("k");
    }
}
