package dev.rivulet.algo.advantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.core.registry.StrategyOptions;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RiskpoAdvantageTest {

    private static final double TOL = 1e-4;

    private static AdvantageResult riskpo(StrategyOptions o, double... rewards) {
        return AdvantageEstimators.registry()
                .create("riskpo", o)
                .estimate(AdvantageInput.group(rewards), new SplittableRandom(1));
    }

    @Test
    void binaryGroupByHand() {
        // sorted {0, 0, 0, 1}; alpha 0.2: position 0.6 -> q_a = 0; beta 0.8: position 2.4 ->
        // q_b = 0 + 0.4*(1 - 0) = 0.4
        // r = 1: RVaR (min(max(1, 0), 0.4) - 0.4)/0.6 = 0, CVaR 0 -> 0
        // r = 0: RVaR (0 - 0.4)/0.6 = -0.66667, CVaR -max(0 - 0, 0)/0.2 = 0
        //   mixed (1.5*0 - 0.66667)/2.5 = -0.26667; unbiased std 0.5 -> -0.53333
        AdvantageResult r = riskpo(StrategyOptions.empty(), 1, 0, 0, 0);
        assertThat(r.advantages())
                .containsExactly(new double[] {0, -0.53333, -0.53333, -0.53333}, within(TOL));
        assertThat(r.nonZero()).isEqualTo(3);
    }

    @Test
    void lowerTailGetsTheCvarTermByHand() {
        // rewards {0, 0.5, 1, 1, 0.25}, sorted {0, 0.25, 0.5, 1, 1}
        // q_a: position 0.8 -> 0 + 0.8*0.25 = 0.2; q_b: position 3.2 -> 1
        // mean 0.55, squares 0.3025 + 0.0025 + 0.2025 + 0.2025 + 0.09 = 0.8, std sqrt(0.2)
        // r = 0:    RVaR (0.2 - 1)/0.6 = -1.33333, CVaR -(0.2 - 0)/0.2 = -1
        //           (1.5*-1 - 1.33333)/2.5 = -1.13333 -> /0.44721 = -2.53421
        // r = 0.5:  RVaR (0.5 - 1)/0.6 = -0.83333, CVaR 0 -> -0.33333 -> -0.74536
        // r = 1:    0
        // r = 0.25: RVaR (0.25 - 1)/0.6 = -1.25, CVaR 0 (above q_a) -> -0.5 -> -1.11803
        assertThat(riskpo(StrategyOptions.empty(), 0, 0.5, 1, 1, 0.25).advantages())
                .containsExactly(new double[] {-2.53421, -0.74536, 0, 0, -1.11803}, within(TOL));
        // mix 0: RVaR alone: -1.33333, -0.83333, 0, 0, -1.25 over 0.44721
        assertThat(riskpo(StrategyOptions.of("mix", "0"), 0, 0.5, 1, 1, 0.25).advantages())
                .containsExactly(new double[] {-2.98142, -1.86339, 0, 0, -2.79508}, within(TOL));
    }

    @Test
    void quantilesInterpolateLikeTorch() {
        double[] sorted = {0, 0.25, 0.5, 1, 1};
        assertThat(RiskpoAdvantage.quantile(sorted, 0.2)).isCloseTo(0.2, within(1e-12));
        assertThat(RiskpoAdvantage.quantile(sorted, 0.5)).isEqualTo(0.5);
        assertThat(RiskpoAdvantage.quantile(sorted, 0.8)).isEqualTo(1.0);
        assertThat(RiskpoAdvantage.quantile(new double[] {3}, 0.8)).isEqualTo(3.0);
    }

    @Test
    void allEqualGroupIsZero() {
        AdvantageResult r = riskpo(StrategyOptions.empty(), 1, 1, 1);
        assertThat(r.allEqual()).isTrue();
        assertThat(r.zeroGradient()).isTrue();
    }

    @Test
    void groupOfOneIsZero() {
        // one reward: both quantiles equal it, so both terms are 0 (the authors' code: std 1)
        assertThat(riskpo(StrategyOptions.empty(), 1).advantages()).containsExactly(0.0);
    }

    @Test
    void emptyGroupIsEmpty() {
        assertThat(riskpo(StrategyOptions.empty()).advantages()).isEmpty();
    }

    @Test
    void rejectsQuantileLevelsOutOfOrder() {
        assertThatThrownBy(() -> new RiskpoAdvantage(0, 0.8, 0.2, 1.5))
                .hasMessageContaining("alpha 0.8");
    }
}
