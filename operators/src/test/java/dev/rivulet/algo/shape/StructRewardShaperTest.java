package dev.rivulet.algo.shape;

import static dev.rivulet.algo.shape.FormatShapingTestData.group;
import static dev.rivulet.algo.shape.FormatShapingTestData.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.algo.advantage.SampleFeatures;
import dev.rivulet.algo.reward.CountdownReward;
import dev.rivulet.algo.reward.RewardBreakdown;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.FinishReason;
import org.junit.jupiter.api.Test;

class StructRewardShaperTest {

    private final RewardShaper shaper = RewardShapers.registry().create("struct-reward");

    /** A countdown-like sample: format, numbers and value parts, and a finish reason. */
    private static ShapingSample countdown(
            boolean format, boolean numbers, boolean value, FinishReason finish, String text) {
        RewardBreakdown b =
                RewardBreakdown.correctness(format && numbers && value ? 1.0 : 0.0)
                        .with(RewardBreakdown.FORMAT, format)
                        .with(CountdownReward.NUMBERS, numbers)
                        .with(CountdownReward.VALUE, value);
        return new ShapingSample(
                b, new SampleFeatures(new int[5], new float[5], new float[0], finish), text);
    }

    @Test
    void theFourDimensionsComputedByHand() {
        // weights 0.1 structure, 0.2 format, 0.2 validity, 0.5 content
        // right expression: 0.1 + 0.2 + 0.2 + 0.5 = 1.0
        // valid expression with the right numbers but the wrong value: 0.1 + 0.2 + 0.2 = 0.5
        // expression with a number not given: 0.1 + 0.2 = 0.3
        // cut at max-new-tokens, unreadable: 0
        ShapedRewards s =
                shaper.shape(
                        group(
                                countdown(true, true, true, FinishReason.STOP, "3*7+25"),
                                countdown(true, true, false, FinishReason.STOP, "3*7"),
                                countdown(true, false, false, FinishReason.STOP, "9*7"),
                                countdown(false, false, false, FinishReason.LENGTH, "3*(7+")));
        assertThat(s.reward(0)).isCloseTo(1.0, within(1e-12));
        assertThat(s.reward(1)).isCloseTo(0.5, within(1e-12));
        assertThat(s.reward(2)).isCloseTo(0.3, within(1e-12));
        assertThat(s.reward(3)).isZero();
        assertThat(s.parts().get(1))
                .containsEntry(StructRewardShaper.STRUCTURE_PART, 0.1)
                .containsEntry(StructRewardShaper.FORMAT_PART, 0.2)
                .containsEntry(StructRewardShaper.VALIDITY_PART, 0.2)
                .containsEntry(StructRewardShaper.CONTENT_PART, 0.0);
    }

    @Test
    void withoutAConstraintPartValidityIsTheFormat() {
        // arith-like: a formatted wrong integer 0.1 + 0.2 + 0.2 = 0.5; right: 1.0
        ShapedRewards s =
                shaper.shape(group(sample(0, true, 2, 0, "47"), sample(1, true, 2, 0, "46")));
        assertThat(s.reward(0)).isCloseTo(0.5, within(1e-12));
        assertThat(s.reward(1)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void degenerateGroups() {
        // group of one, empty response: no structure, no format, no validity, wrong → 0
        assertThat(shaper.shape(group(sample(0, false, 0, 0, ""))).rewards()).containsExactly(0.0);
        // all equal stays all equal
        ShapedRewards same =
                shaper.shape(group(sample(1, true, 2, 0, "46"), sample(1, true, 2, 0, "46")));
        assertThat(same.reward(0)).isEqualTo(same.reward(1));
    }

    @Test
    void weightsAreOptionsAndChecked() {
        RewardShaper contentOnly =
                RewardShapers.registry()
                        .create(
                                "struct-reward",
                                StrategyOptions.of(
                                        "structure-weight", "0",
                                        "format-weight", "0",
                                        "validity-weight", "0",
                                        "content-weight", "1"));
        assertThat(contentOnly.shape(group(sample(0, true, 2, 0, "47"))).reward(0)).isZero();
        assertThatThrownBy(
                        () ->
                                RewardShapers.registry()
                                        .create(
                                                "struct-reward",
                                                StrategyOptions.of("content-weight", "0.9")))
                .hasMessageContaining("must be in (0, 1]")
                .hasMessageContaining("1.4");
        assertThatThrownBy(() -> new StructRewardShaper(0, 0, 0, 0))
                .hasMessageContaining("got 0.0");
    }
}
