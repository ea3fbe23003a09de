package dev.rivulet.algo.advantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.core.registry.StrategyOptions;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NgrpoAdvantageTest {

    private static double[] estimate(String single, double... rewards) {
        AdvantageEstimator e =
                AdvantageEstimators.registry()
                        .create("ngrpo", StrategyOptions.of("single", single));
        return e.estimate(AdvantageInput.group(rewards), new SplittableRandom(3)).advantages();
    }

    @Test
    void aGroupOfOneGetsItsRewardAsTheAuthorsCodeDoes() {
        // verl's compute_ngrpo_outcome_advantage: a single sample gets mean 0, std 1
        assertThat(estimate("reward", 1.0)).containsExactly(1.0);
        assertThat(estimate("reward", 0.0)).containsExactly(0.0);
        assertThat(
                        AdvantageEstimators.registry()
                                .create("ngrpo")
                                .estimate(AdvantageInput.group(1.0), new SplittableRandom(1))
                                .advantages())
                .containsExactly(1.0);
    }

    @Test
    void theAugmentedVariantAddsTheVirtualSampleToAGroupOfOne() {
        // [0] + virtual 1: mean 0.5, unbiased std sqrt(0.5)
        assertThat(estimate("augmented", 0.0)[0]).isCloseTo(-0.5 / Math.sqrt(0.5), within(1e-5));
        assertThat(estimate("augmented", 1.0)[0]).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void largerGroupsAreAugmentedEitherWay() {
        // [0, 0, 0] + virtual 1: mean 0.25, unbiased std 0.5 -> A = -0.5
        double[] a = estimate("reward", 0.0, 0.0, 0.0);
        for (double v : a) {
            assertThat(v).isCloseTo(-0.5, within(1e-5));
        }
        assertThat(estimate("augmented", 0.0, 0.0, 0.0)).containsExactly(a);
    }
}
