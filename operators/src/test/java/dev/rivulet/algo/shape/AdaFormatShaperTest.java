package dev.rivulet.algo.shape;

import static dev.rivulet.algo.shape.FormatShapingTestData.group;
import static dev.rivulet.algo.shape.FormatShapingTestData.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.core.registry.StrategyOptions;
import org.junit.jupiter.api.Test;

class AdaFormatShaperTest {

    private final RewardShaper shaper = RewardShapers.registry().create("ada-format");

    private static ShapingGroup mixed(long version) {
        // G = 4: three direct answers (F = 3), one short worked answer (F = 1)
        return group(
                sample(1, true, 2, version, "46"),
                sample(0, true, 2, version, "47"),
                sample(1, true, 2, version, "46"),
                sample(1, false, 6, version, "it is 46"));
    }

    @Test
    void rareFormatsAreScaledUpAtTheStartComputedByHand() {
        // t = 0: cos 0 = 1, decay = F/G + (1 − F/G), α = (G/F)·1 = G/F
        // direct: α = 4/3 → r = 1.3333333, 0, 1.3333333; short-cot: α = 4 → r = 4
        ShapedRewards s = shaper.shape(mixed(0));
        assertThat(s.reward(0)).isCloseTo(4.0 / 3, within(1e-12));
        assertThat(s.reward(1)).isZero();
        assertThat(s.reward(2)).isCloseTo(4.0 / 3, within(1e-12));
        assertThat(s.reward(3)).isCloseTo(4.0, within(1e-12));
        assertThat(s.parts().get(3))
                .containsEntry(AdaFormatShaper.SCALE_PART, 4.0)
                .containsEntry("format-short-cot", 1.0)
                .containsEntry("format-direct", 0.0);
    }

    @Test
    void theScaleDecaysByCosineToOne() {
        // t = 225 = T/2: cos(π/2) = 0, decay = F/G + ½(1 − F/G);
        // direct: (4/3)·(3/4 + 1/8) = (4/3)·(7/8) = 1.1666667
        // short-cot: 4·(1/4 + 3/8) = 4·(5/8) = 2.5
        ShapedRewards half = shaper.shape(mixed(225));
        assertThat(half.reward(0)).isCloseTo(1.1666667, within(1e-7));
        assertThat(half.reward(3)).isCloseTo(2.5, within(1e-12));
        // t ≥ T: α = 1, the task rewards come back unchanged
        assertThat(shaper.shape(mixed(450)).rewards()).containsExactly(1, 0, 1, 1);
        assertThat(shaper.shape(mixed(10_000)).rewards()).containsExactly(1, 0, 1, 1);
    }

    @Test
    void aCorrectAnswerNeverDropsBelowItsTaskReward() {
        // α ≥ 1 always: a success stays a success for the reward-history tracker
        AdaFormatShaper a = new AdaFormatShaper(450, 8);
        for (int f = 1; f <= 8; f++) {
            for (long t = 0; t <= 500; t += 50) {
                assertThat(a.scale(f, 8, t)).isGreaterThanOrEqualTo(1.0 - 1e-12);
            }
        }
    }

    @Test
    void degenerateGroups() {
        // group of one: F = G = 1, α = 1
        assertThat(shaper.shape(group(sample(1, true, 2, 0, "46"))).rewards()).containsExactly(1.0);
        // all in one format (all equal): α = 1 for everyone, rewards unchanged
        assertThat(
                        shaper.shape(
                                        group(
                                                sample(1, true, 2, 0, "46"),
                                                sample(1, true, 2, 0, "46")))
                                .rewards())
                .containsExactly(1, 1);
        // an empty response is direct; here it is the rare format but wrong: 0 stays 0
        ShapedRewards s =
                shaper.shape(
                        group(
                                sample(0, false, 0, 0, ""),
                                sample(1, true, 9, 0, "the sum is 46"),
                                sample(1, true, 9, 0, "the sum is 46")));
        assertThat(s.reward(0)).isZero();
        assertThat(s.parts().get(0)).containsEntry("format-direct", 1.0);
        // the two long-cot answers: F = 2 of 3, α = 3/2
        assertThat(s.reward(1)).isCloseTo(1.5, within(1e-12));
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(
                        () ->
                                RewardShapers.registry()
                                        .create(
                                                "ada-format",
                                                StrategyOptions.of("decay-versions", "0")))
                .hasMessageContaining("decay-versions");
        assertThatThrownBy(() -> new AdaFormatShaper(10, 0))
                .hasMessageContaining("long-tokens must be at least 1, got 0");
    }
}
