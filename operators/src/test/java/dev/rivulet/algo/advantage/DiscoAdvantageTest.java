package dev.rivulet.algo.advantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.core.registry.StrategyOptions;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** DisCO's ±1/n± weights, worked by hand, and the groups that get none. */
class DiscoAdvantageTest {

    private static AdvantageResult run(StrategyOptions o, double... rewards) {
        return AdvantageEstimators.registry()
                .create("disco", o)
                .estimate(AdvantageInput.group(rewards), new SplittableRandom(7));
    }

    private static AdvantageResult run(double... rewards) {
        return run(StrategyOptions.empty(), rewards);
    }

    @Test
    void onePositiveAmongFourGetsOneAndTheNegativesAThirdEach() {
        // n+ = 1, n- = 3: A = 1/1 = 1 for the positive, -1/3 for each negative
        AdvantageResult r = run(1, 0, 0, 0);
        assertThat(r.advantages())
                .containsExactly(new double[] {1.0, -1.0 / 3, -1.0 / 3, -1.0 / 3}, within(1e-15));
        assertThat(r.allEqual()).isFalse();
        assertThat(r.nonZero()).isEqualTo(4);
        assertThat(r.meanReward()).isEqualTo(0.25);
    }

    @Test
    void theWeightsOfEachSideSumToOneSoTheyTakeMeansOfScores() {
        // n+ = 3, n- = 2: positives 1/3, negatives -1/2; sums +1 and -1
        double[] a = run(0, 1, 1, 0, 1).advantages();
        assertThat(a).containsExactly(new double[] {-0.5, 1.0 / 3, 1.0 / 3, -0.5, 1.0 / 3});
        double sum = 0;
        for (double v : a) {
            sum += v;
        }
        assertThat(sum).isCloseTo(0.0, within(1e-15));
    }

    @Test
    void allEqualGroupsGetZerosAndAreFlagged() {
        for (double[] g : new double[][] {{1, 1, 1, 1}, {0, 0, 0}}) {
            AdvantageResult r = run(g);
            assertThat(r.advantages()).containsOnly(0.0);
            assertThat(r.allEqual()).isTrue();
            assertThat(r.zeroGradient()).isTrue();
        }
    }

    @Test
    void aGroupOfOneGetsZero() {
        assertThat(run(1.0).advantages()).containsExactly(0.0);
        assertThat(run(0.0).advantages()).containsExactly(0.0);
        assertThat(run(1.0).zeroGradient()).isTrue();
    }

    @Test
    void rewardsAreBinarisedAtTheThreshold() {
        // default 0.5: 0.5 and 0.9 are positives (at or above), 0.2 a negative
        assertThat(run(0.5, 0.2, 0.9).advantages())
                .containsExactly(new double[] {0.5, -1.0, 0.5}, within(1e-15));
        // threshold 0.95: only 1.0 is positive; 0.9 and 0.5 are negatives
        assertThat(run(StrategyOptions.of("success-threshold", "0.95"), 1.0, 0.9, 0.5).advantages())
                .containsExactly(new double[] {1.0, -0.5, -0.5}, within(1e-15));
        // rewards that differ but all lie above the threshold: one-sided, no signal, flagged
        AdvantageResult oneSided = run(0.6, 0.9);
        assertThat(oneSided.advantages()).containsOnly(0.0);
        assertThat(oneSided.allEqual()).isTrue();
    }

    @Test
    void isAGroupEstimatorAndRejectsANonFiniteThreshold() {
        assertThat(AdvantageEstimators.registry().create("disco").needsGroup()).isTrue();
        assertThatThrownBy(() -> new DiscoAdvantage(Double.NaN))
                .hasMessageContaining("success-threshold")
                .hasMessageContaining("NaN");
    }
}
