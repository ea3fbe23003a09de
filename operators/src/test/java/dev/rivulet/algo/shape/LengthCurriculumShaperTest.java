package dev.rivulet.algo.shape;

import static dev.rivulet.algo.shape.FormatShapingTestData.group;
import static dev.rivulet.algo.shape.FormatShapingTestData.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.core.registry.StrategyOptions;
import org.junit.jupiter.api.Test;

class LengthCurriculumShaperTest {

    private final RewardShaper shaper = RewardShapers.registry().create("length-curriculum");

    @Test
    void aGroupAtVersion320IsScoredAgainstTheTwiceDecayedBudgetComputedByHand() {
        // v = 320: floor(320/150) = 2 decays, B = 16·0.7² = 7.84 tokens.
        // ℓ = 4, right, formatted: R_len = 4/7.84 = 0.5102041; r = 0.6 + 0.3·0.5102041 + 0.1
        //   = 0.6 + 0.1530612 + 0.1 = 0.8530612
        // ℓ = 10, wrong, formatted: 7.84 < 10 ≤ 15.68, R_len = 1 − 2.16/7.84 = 0.7244898;
        //   r = 0 + 0.2173469 + 0.1 = 0.3173469
        // ℓ = 16, wrong, unformatted: 16 > 2B = 15.68, R_len = 0; r = 0
        ShapedRewards s =
                shaper.shape(
                        group(
                                sample(1, true, 4, 320, "46"),
                                sample(0, true, 10, 320, "47"),
                                sample(0, false, 16, 320, "forty-six")));
        assertThat(s.reward(0)).isCloseTo(0.8530612, within(1e-7));
        assertThat(s.reward(1)).isCloseTo(0.3173469, within(1e-7));
        assertThat(s.reward(2)).isZero();
        assertThat(s.parts().get(0).get(LengthCurriculumShaper.BUDGET_PART))
                .isCloseTo(7.84, within(1e-12));
        assertThat(s.parts().get(0).get(LengthCurriculumShaper.LENGTH_PART))
                .isCloseTo(0.1530612, within(1e-7));
        assertThat(s.parts().get(0).get(LengthCurriculumShaper.FORMAT_PART))
                .isCloseTo(0.1, within(1e-12));
        assertThat(s.parts().get(2).get(LengthCurriculumShaper.FORMAT_PART)).isZero();
    }

    @Test
    void theBudgetTightensEveryIntervalAndStopsAfterTheLastDecay() {
        LengthCurriculumShaper c =
                new LengthCurriculumShaper(256, 0.7, 150, 3, 0.6, 0.3, 0.1, true);
        // the paper's schedule: 256 → 179.2 → 125.44 → 87.808, then stays
        assertThat(c.budget(0)).isEqualTo(256.0);
        assertThat(c.budget(149)).isEqualTo(256.0);
        assertThat(c.budget(150)).isCloseTo(179.2, within(1e-9));
        assertThat(c.budget(300)).isCloseTo(125.44, within(1e-9));
        assertThat(c.budget(450)).isCloseTo(87.808, within(1e-9));
        assertThat(c.budget(100_000)).isCloseTo(87.808, within(1e-9));
        // never below one token
        LengthCurriculumShaper tiny = new LengthCurriculumShaper(2, 0.1, 1, 10, 1, 0, 0, true);
        assertThat(tiny.budget(5)).isEqualTo(1.0);
    }

    @Test
    void theSameResponseEarnsLessLengthRewardOnceTheBudgetHasShrunkBelowIt() {
        // ℓ = 12: at v = 0, B = 16, R_len = 12/16 = 0.75; at v = 450, B = 5.488, 12 > 2B → 0
        ShapedRewards early = shaper.shape(group(sample(1, true, 12, 0, "46")));
        ShapedRewards late = shaper.shape(group(sample(1, true, 12, 450, "46")));
        assertThat(early.reward(0)).isCloseTo(0.6 + 0.3 * 0.75 + 0.1, within(1e-12));
        assertThat(late.reward(0)).isCloseTo(0.7, within(1e-12));
    }

    @Test
    void theBandShapeGivesFullLengthRewardUpToTheBudget() {
        RewardShaper band =
                RewardShapers.registry()
                        .create("length-curriculum", StrategyOptions.of("shape", "band"));
        // ℓ = 2 ≤ B = 16: band 1 (triangular would give 2/16)
        assertThat(band.shape(group(sample(1, true, 2, 0, "46"))).reward(0))
                .isCloseTo(1.0, within(1e-12));
    }

    @Test
    void degenerateGroups() {
        // group of one, empty response: ℓ = 0 → triangular R_len = 0; a blank answer is
        // unformatted and wrong → 0
        assertThat(shaper.shape(group(sample(0, false, 0, 0, ""))).rewards()).containsExactly(0.0);
        // all equal: every sample gets the same shaped reward
        ShapedRewards same =
                shaper.shape(group(sample(1, true, 8, 7, "46"), sample(1, true, 8, 7, "46")));
        assertThat(same.reward(0)).isEqualTo(same.reward(1));
        // B = 16, ℓ = 8: 0.6 + 0.3·0.5 + 0.1 = 0.85
        assertThat(same.reward(0)).isCloseTo(0.85, within(1e-12));
        // a reward without a format part: a non-blank response counts as formatted
        ShapedRewards noPart =
                shaper.shape(ShapingTestData.group(new double[] {1, 0}, new int[] {16, 16}));
        // ShapingTestData's texts are blank: unformatted; ℓ = 16 = B → R_len = 1
        assertThat(noPart.rewards()).containsExactly(0.6 + 0.3, 0.3);
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(
                        () ->
                                RewardShapers.registry()
                                        .create(
                                                "length-curriculum",
                                                StrategyOptions.of("correctness-weight", "0.9")))
                .hasMessageContaining("at most 1")
                .hasMessageContaining("1.3");
        assertThatThrownBy(() -> new LengthCurriculumShaper(0, 0.7, 150, 3, 0.6, 0.3, 0.1, true))
                .hasMessageContaining("initial-budget must be positive and finite, got 0.0");
        assertThatThrownBy(() -> new LengthCurriculumShaper(16, 0, 150, 3, 0.6, 0.3, 0.1, true))
                .hasMessageContaining("decay must be in (0, 1], got 0.0");
    }
}
