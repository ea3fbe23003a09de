package dev.rivulet.algo.shape;

import static dev.rivulet.algo.shape.ShapingTestData.group;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.core.registry.StrategyOptions;
import org.junit.jupiter.api.Test;

class LengthPenaltyShaperTest {

    private final RewardShaper shaper = RewardShapers.registry().create("length-penalty");

    @Test
    void aGroupAtTheRatioGetsTheSigmoidLengthPenaltyComputedByHand() {
        // 4 of 5 correct = 0.8 >= 0.8: penalised. Correct lengths 2, 4, 6, 8: mean 5,
        // population std sqrt((9+1+1+9)/4) = sqrt(5) = 2.2360680; z = ∓3/√5 = ∓1.3416408,
        // ∓1/√5 = ∓0.4472136; σ(z) = 0.2072404, 0.3900235, 0.6099765, 0.7927596;
        // r = 1 − 0.6·σ = 0.8756558, 0.7659859, 0.6340141, 0.5243442; the wrong one gets 0
        ShapedRewards s =
                shaper.shape(group(new double[] {1, 1, 1, 1, 0}, new int[] {2, 4, 6, 8, 10}));
        assertThat(s.reward(0)).isCloseTo(0.8756558, within(1e-7));
        assertThat(s.reward(1)).isCloseTo(0.7659859, within(1e-7));
        assertThat(s.reward(2)).isCloseTo(0.6340141, within(1e-7));
        assertThat(s.reward(3)).isCloseTo(0.5243442, within(1e-7));
        assertThat(s.reward(4)).isZero();
        assertThat(s.parts().get(0).get(LengthPenaltyShaper.PART))
                .isCloseTo(-0.1243442, within(1e-7));
        assertThat(s.parts().get(4)).containsEntry(LengthPenaltyShaper.PART, 0.0);
    }

    @Test
    void aGroupBelowTheRatioKeepsItsTaskRewards() {
        // 3 of 4 = 0.75 < 0.8: 0/1 rewards, lengths ignored
        ShapedRewards s = shaper.shape(group(new double[] {1, 1, 1, 0}, new int[] {2, 4, 6, 8}));
        assertThat(s.rewards()).containsExactly(1, 1, 1, 0);
        assertThat(s.parts().get(0)).containsEntry(LengthPenaltyShaper.PART, 0.0);
        // the same group with the ratio lowered to 0.75 is penalised
        RewardShaper lower =
                RewardShapers.registry()
                        .create("length-penalty", StrategyOptions.of("min-correct-ratio", "0.75"));
        assertThat(lower.shape(group(new double[] {1, 1, 1, 0}, new int[] {2, 4, 6, 8})).reward(0))
                .isLessThan(1.0);
    }

    @Test
    void degenerateGroups() {
        // all equal (all correct, same length): std 0 → z 0 → 1 − 0.6/2 = 0.7 each
        assertThat(shaper.shape(group(new double[] {1, 1, 1}, new int[] {5, 5, 5})).rewards())
                .containsExactly(0.7, 0.7, 0.7);
        // all wrong: nothing to penalise, rewards stay 0
        assertThat(shaper.shape(group(new double[] {0, 0}, new int[] {1, 9})).rewards())
                .containsExactly(0, 0);
        // a group of one correct sample, and an empty response: z = 0 → 0.7
        assertThat(shaper.shape(group(new double[] {1}, new int[] {0})).rewards())
                .containsExactly(0.7);
        // alpha 0: the penalty vanishes and correct samples keep 1
        RewardShaper off =
                RewardShapers.registry().create("length-penalty", StrategyOptions.of("alpha", "0"));
        assertThat(off.shape(group(new double[] {1, 1, 0}, new int[] {1, 9, 3})).rewards())
                .containsExactly(1, 1, 0);
    }

    @Test
    void shorterCorrectAnswersEarnMore() {
        ShapedRewards s =
                shaper.shape(group(new double[] {1, 1, 1, 1, 1}, new int[] {9, 3, 7, 1, 5}));
        assertThat(s.reward(3)).isGreaterThan(s.reward(1));
        assertThat(s.reward(1)).isGreaterThan(s.reward(4));
        assertThat(s.reward(4)).isGreaterThan(s.reward(2));
        assertThat(s.reward(2)).isGreaterThan(s.reward(0));
        // the middle length sits at z = 0
        assertThat(s.reward(4)).isCloseTo(0.7, within(1e-12));
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(
                        () ->
                                RewardShapers.registry()
                                        .create("length-penalty", StrategyOptions.of("alpha", "2")))
                .hasMessageContaining("alpha");
        assertThatThrownBy(() -> new LengthPenaltyShaper(0, 0.5))
                .hasMessageContaining("min-correct-ratio must be in (0, 1], got 0.0");
    }
}
