package dev.rivulet.algo.shape;

import static dev.rivulet.algo.shape.FormatShapingTestData.group;
import static dev.rivulet.algo.shape.FormatShapingTestData.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.core.registry.StrategyOptions;
import org.junit.jupiter.api.Test;

class FormatLengthShaperTest {

    private final RewardShaper shaper = RewardShapers.registry().create("format-length");

    @Test
    void formatAndLengthComputedByHand() {
        // L_max = 16, p = 0.5.
        // ℓ = 4, formatted: x = 0.25, R_l = 1 − (1 − 0.5)² = 0.75; R_fl = 1.75; r = 2.75/3
        //   = 0.9166667
        // ℓ = 12, formatted: x = 0.75, (x − p)/(1 − p) = 0.5, R_l = 1 − 2·0.25 = 0.5; R_fl = 1.5;
        //   r = 2.5/3 = 0.8333333
        // ℓ = 8, unformatted: x = 0.5, R_l = 1, R_fl = min(0, 1) = 0; r = 1/3
        // ℓ = 16, unformatted: x = 1, R_l = 1 − 2 = −1, R_fl = −1; r = 0
        ShapedRewards s =
                shaper.shape(
                        group(
                                sample(0, true, 4, 0, "47"),
                                sample(0, true, 12, 0, "47"),
                                sample(0, false, 8, 0, "x"),
                                sample(0, false, 16, 0, "xxxx")));
        assertThat(s.reward(0)).isCloseTo(0.9166667, within(1e-7));
        assertThat(s.reward(1)).isCloseTo(0.8333333, within(1e-7));
        assertThat(s.reward(2)).isCloseTo(0.3333333, within(1e-7));
        assertThat(s.reward(3)).isCloseTo(0.0, within(1e-12));
        assertThat(s.parts().get(0))
                .containsEntry(FormatLengthShaper.FORMAT_PART, 1.0)
                .containsEntry(FormatLengthShaper.LENGTH_PART, 0.75)
                .containsEntry(FormatLengthShaper.SURROGATE_PART, 1.75);
        assertThat(s.parts().get(3)).containsEntry(FormatLengthShaper.SURROGATE_PART, -1.0);
    }

    @Test
    void correctnessIsNotUsed() {
        // the same format and length, one right and one wrong: the same shaped reward
        ShapedRewards s =
                shaper.shape(group(sample(1, true, 6, 0, "46"), sample(0, true, 6, 0, "45")));
        assertThat(s.reward(0)).isEqualTo(s.reward(1));
    }

    @Test
    void theRewardPeaksAtTheTurningPoint() {
        RewardShaper late =
                RewardShapers.registry()
                        .create("format-length", StrategyOptions.of("turning-point", "0.8"));
        // L_max = 16, p = 0.8: peak at 12.8 tokens; ℓ = 13 is closer to it than ℓ = 8
        ShapedRewards s =
                late.shape(group(sample(1, true, 8, 0, "46"), sample(1, true, 13, 0, "46")));
        assertThat(s.reward(1)).isGreaterThan(s.reward(0));
        // longer than L_max counts as L_max: R_l = −1
        assertThat(new FormatLengthShaper(16, 0.5).lengthReward(40)).isEqualTo(-1.0);
    }

    @Test
    void perGroupMaxLengthPeaksAtTheGroupsMeanLength() {
        RewardShaper auto =
                RewardShapers.registry()
                        .create("format-length", StrategyOptions.of("max-length", "0"));
        // lengths 3 and 5, both formatted: mean 4, p = 0.5 → L_max = 8.
        // ℓ = 3: x = 0.375, R_l = 1 − (1 − 0.75)² = 0.9375; r = (1 + 0.9375 + 1)/3 = 0.9791667
        // ℓ = 5: x = 0.625, (x − p)/(1 − p) = 0.25, R_l = 1 − 2·0.0625 = 0.875; r = 2.875/3
        ShapedRewards s =
                auto.shape(group(sample(1, true, 3, 0, "46"), sample(0, true, 5, 0, "4600")));
        assertThat(s.reward(0)).isCloseTo(2.9375 / 3, within(1e-12));
        assertThat(s.reward(1)).isCloseTo(2.875 / 3, within(1e-12));
        // with the fixed L_max = 16 both sit below the peak at 8 and the longer one wins
        ShapedRewards fixed =
                shaper.shape(group(sample(1, true, 3, 0, "46"), sample(0, true, 5, 0, "4600")));
        assertThat(fixed.reward(1)).isGreaterThan(fixed.reward(0));
    }

    @Test
    void degenerateGroups() {
        // group of one, empty response (unformatted): ℓ = 0 → R_l = 0, R_fl = 0, r = 1/3
        ShapedRewards empty = shaper.shape(group(sample(0, false, 0, 0, "")));
        assertThat(empty.reward(0)).isCloseTo(1.0 / 3, within(1e-12));
        // an empty response whose reward reports format 1: ℓ = 0 → R_fl = 1 + 0 → r = 2/3
        assertThat(shaper.shape(group(sample(0, true, 0, 0, ""))).reward(0))
                .isCloseTo(2.0 / 3, within(1e-12));
        // all equal: all-equal shaped rewards
        ShapedRewards same =
                shaper.shape(group(sample(1, true, 5, 0, "46"), sample(1, true, 5, 0, "46")));
        assertThat(same.reward(0)).isEqualTo(same.reward(1));
        // every shaped reward lies in [0, 1]
        for (int len = 0; len <= 20; len++) {
            for (boolean f : new boolean[] {true, false}) {
                double r = shaper.shape(group(sample(0, f, len, 0, "1"))).reward(0);
                assertThat(r).isBetween(0.0, 1.0);
            }
        }
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(
                        () ->
                                RewardShapers.registry()
                                        .create(
                                                "format-length",
                                                StrategyOptions.of("turning-point", "1")))
                .hasMessageContaining("turning-point");
        assertThatThrownBy(() -> new FormatLengthShaper(-1, 0.5))
                .hasMessageContaining("max-length must be at least 1, or 0 for per group, got -1");
    }

    @Test
    void reasoningLengthLeavesTheAnswerOut() {
        // one-line bare answers: nothing before the answer
        assertThat(FormatLengthShaper.reasoningChars("12345")).isZero();
        assertThat(FormatLengthShaper.reasoningChars("46\n")).isZero();
        // the last line is the answer: 19 characters before it ("19 + 27 = 46, done\n")
        assertThat(FormatLengthShaper.reasoningChars("19 + 27 = 46, done\n#### 46")).isEqualTo(19);
        // a box after reasoning on the same line starts the answer: "so x = " is 7 characters
        assertThat(FormatLengthShaper.reasoningChars("so x = \\boxed{5}")).isEqualTo(7);
        // "####" after the start of the last line wins over the line start: "a\nb " → 4
        assertThat(FormatLengthShaper.reasoningChars("a\nb #### 3")).isEqualTo(4);
    }

    @Test
    void onBareAnswersOnlyTheFormatIsLeft() {
        RewardShaper reasoning =
                RewardShapers.registry()
                        .create("format-length", StrategyOptions.of("length-of", "reasoning"));
        // a 3-token and an 8-token bare answer: L = 0 for both, R_l = 0, R_fl = 1, r = 2/3; with
        // the paper's L (every token) they differ (3/16 and 8/16 of L_max)
        ShapingGroup g = group(sample(0, true, 3, 0, "47"), sample(0, true, 8, 0, "4700000"));
        ShapedRewards s = reasoning.shape(g);
        assertThat(s.reward(0)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(s.reward(1)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(shaper.shape(g).reward(1)).isGreaterThan(shaper.shape(g).reward(0));
        // worked text: 20 tokens, 30 characters of which 24 come before "#### 9" → L = 16 = L_max,
        // x = 1, R_l = −1, R_fl = 0, r = 1/3; the paper's L is 20 → also x = 1
        String worked = "4 + 5 = 9 so it is nine\n#### 9";
        assertThat(worked).hasSize(30);
        ShapedRewards w = reasoning.shape(group(sample(0, true, 20, 0, worked)));
        assertThat(w.parts().get(0)).containsEntry(FormatLengthShaper.LENGTH_PART, -1.0);
        // 10 tokens over the same text: L = round(10·24/30) = 8 = p·L_max, R_l = 1, r = 1
        ShapedRewards peak = reasoning.shape(group(sample(0, true, 10, 0, worked)));
        assertThat(peak.reward(0)).isCloseTo(1.0, within(1e-12));
        // an unformatted answer still earns at most 0: R_fl = min(0, 0) = 0, r = 1/3
        assertThat(reasoning.shape(group(sample(0, false, 5, 0, "x"))).reward(0))
                .isCloseTo(1.0 / 3, within(1e-12));
    }
}
