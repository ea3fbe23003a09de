package dev.rivulet.algo.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.core.registry.StrategyOptions;
import org.junit.jupiter.api.Test;

/**
 * What the success-rate trackers make of shaped rewards: a fraction such as 0.4 (partial credit)
 * and rewards outside [0, 1] (a correctness reward plus or minus a length term).
 */
class FractionalRewardsTest {

    private static ValueTracker tracker(String id, String... options) {
        return ValueTrackers.registry().create(id, StrategyOptions.of(options));
    }

    @Test
    void rewardHistoryBinarisesByDefaultSoPartialCreditCountsAsAFailure() {
        ValueTracker binary = tracker("reward-history", "min-rewards", "0");
        TrackerState s = binary.update(binary.initial(), Observation.of(0.4, 1.0, 0.6, 0.0));
        // 0.4 < 0.5 → 0, 0.6 → 1: (0 + 1 + 1 + 0)/4
        assertThat(binary.value(s)).isEqualTo(0.5);
    }

    @Test
    void rewardHistoryFractionalKeepsEachRewardClippedToTheUnitInterval() {
        ValueTracker fractional =
                tracker("reward-history", "min-rewards", "0", "rewards", "fractional");
        TrackerState s =
                fractional.update(fractional.initial(), Observation.of(0.4, 1.0, 0.6, 0.0));
        // (0.4 + 1 + 0.6 + 0)/4 = 0.5
        assertThat(fractional.value(s)).isCloseTo(0.5, within(1e-12));
        // −0.25 → 0, 1.5 → 1, 0.4 stays: last four kept of window 16 → (0.4+1+0.6+0+0+1+0.4)/7
        s = fractional.update(s, Observation.of(-0.25, 1.5, 0.4));
        assertThat(fractional.value(s)).isCloseTo(3.4 / 7, within(1e-12));
        assertThat(s.lastVisitMean()).isCloseTo(1.4 / 3, within(1e-12));
        assertThat(s.recent()).containsExactly(0.4, 1.0, 0.6, 0.0, 0.0, 1.0, 0.4);
    }

    @Test
    void rewardHistoryThresholdOnlyAppliesToBinaryRewards() {
        assertThatThrownBy(
                        () ->
                                tracker(
                                        "reward-history",
                                        "rewards",
                                        "fractional",
                                        "success-threshold",
                                        "0.7"))
                .hasMessageContaining("'success-threshold' only applies with rewards=binary");
    }

    @Test
    void betaKlCountsAFractionAsPartSuccessAndPartFailure() {
        ValueTracker binary = tracker("beta-kl", "prior-samples", "0");
        TrackerState s = binary.update(binary.initial(), Observation.spo(0.4, 0));
        // ρ = 0.96 at D = 0: α = 0.96·0.5 + 0.4 = 0.88, β = 0.96·0.5 + 0.6 = 1.08
        assertThat(s.alpha()).isCloseTo(0.88, within(1e-12));
        assertThat(s.beta()).isCloseTo(1.08, within(1e-12));
    }

    @Test
    void betaKlBinaryFailsOutsideTheUnitIntervalNamingTheFix() {
        ValueTracker binary = tracker("beta-kl");
        assertThatThrownBy(() -> binary.update(binary.initial(), Observation.spo(1.25, 0)))
                .hasMessageContaining("got 1.25")
                .hasMessageContaining("rewards=fractional");
    }

    @Test
    void betaKlFractionalClipsShapedRewardsToTheUnitInterval() {
        ValueTracker fractional = tracker("beta-kl", "rewards", "fractional");
        TrackerState s = fractional.initial();
        s = fractional.update(s, Observation.spo(1.25, 0));
        // 1.25 → 1: α = 0.96·0.5 + 1 = 1.48, β = 0.96·0.5 + 0 = 0.48
        assertThat(s.alpha()).isCloseTo(1.48, within(1e-12));
        assertThat(s.beta()).isCloseTo(0.48, within(1e-12));
        s = fractional.update(s, Observation.spo(-0.5, 0));
        // −0.5 → 0: α = 0.96·1.48 = 1.4208, β = 0.96·0.48 + 1 = 1.4608
        assertThat(s.alpha()).isCloseTo(1.4208, within(1e-12));
        assertThat(s.beta()).isCloseTo(1.4608, within(1e-12));
        assertThat(fractional.value(s)).isBetween(0.0, 1.0);
    }
}
