package dev.rivulet.algo.advantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.FinishReason;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class XrpoNoveltyAdvantageTest {

    private static final double TOL = 1e-5;

    private static AdvantageResult run(String id, StrategyOptions o, AdvantageInput in) {
        return AdvantageEstimators.registry().create(id, o).estimate(in, new SplittableRandom(1));
    }

    private static AdvantageResult xrpo(StrategyOptions o, AdvantageInput in) {
        return run("xrpo-novelty", o, in);
    }

    /** A response of {@code tokens} tokens, each with log-prob {@code lp} (mean log-prob lp). */
    private static SampleFeatures sample(int tokens, float lp) {
        float[] lps = new float[tokens];
        Arrays.fill(lps, lp);
        return new SampleFeatures(new int[tokens], lps, new float[0], FinishReason.STOP);
    }

    private static AdvantageInput group(double[] rewards, SampleFeatures... f) {
        return AdvantageInput.group(rewards).withFeatures(List.of(f));
    }

    /** Rewards {1, 1, 0, 0}, mean token log-probs {-0.5, -1.5, -1, -1} (lengths differ). */
    private static AdvantageInput handGroup() {
        return group(
                new double[] {1, 1, 0, 0},
                sample(2, -0.5f),
                sample(4, -1.5f),
                sample(3, -1f),
                sample(1, -1f));
    }

    @Test
    void anUnlikelyCorrectResponseGainsByHand() {
        // GRPO: mean 0.5, unbiased std sqrt(4*0.25/3) = 0.577350, A = ±0.5/0.577351 = ±0.866024
        // s = {-0.5, -1.5, -1, -1}, s̄ = -1; eta = exp(s - s̄) = {1.648721, 0.606531, 1, 1}
        // sample 0 (correct, likelier than average): lambda(1 - eta) < 0, bonus 0
        // sample 1 (correct, unlikely): bonus min(max(1 - 0.606531, 0), 1*0.866024) = 0.393469,
        //   A+ = 0.866024 + 0.393469 = 1.259493
        // samples 2, 3 are wrong (A < 0): unchanged
        AdvantageResult r = xrpo(StrategyOptions.empty(), handGroup());
        assertThat(r.advantages())
                .containsExactly(
                        new double[] {0.866024, 1.259493, -0.866024, -0.866024}, within(TOL));
        assertThat(r.tokenAdvantages()).isEmpty();
    }

    @Test
    void kappaCapsTheBonusAtAMultipleOfA() {
        // kappa 0.25: cap 0.25*0.866024 = 0.216506 < 0.393469, A+ = 1.082530
        AdvantageResult r = xrpo(StrategyOptions.of(Map.of("kappa", "0.25")), handGroup());
        assertThat(r.advantage(1)).isCloseTo(1.082530, within(TOL));
        // lambda 2: 2*(1 - 0.606531) = 0.786939 < 0.866024, A+ = 1.652963
        AdvantageResult l = xrpo(StrategyOptions.of(Map.of("lambda", "2")), handGroup());
        assertThat(l.advantage(1)).isCloseTo(1.652963, within(TOL));
    }

    @Test
    void lambdaZeroIsGrpo() {
        AdvantageResult grpo =
                run("grpo", StrategyOptions.empty(), AdvantageInput.group(1, 1, 0, 0));
        assertThat(xrpo(StrategyOptions.of(Map.of("lambda", "0")), handGroup()).advantages())
                .containsExactly(grpo.advantages());
    }

    @Test
    void degenerateGroupsGetNoBonus() {
        // all correct: A = 0, so the cap kappa*A is 0 however unlikely a response is
        AdvantageResult allRight =
                xrpo(
                        StrategyOptions.empty(),
                        group(new double[] {1, 1}, sample(2, -3f), sample(2, -0.1f)));
        assertThat(allRight.advantages()).containsExactly(0.0, 0.0);
        assertThat(allRight.allEqual()).isTrue();
        // all wrong
        assertThat(
                        xrpo(
                                        StrategyOptions.empty(),
                                        group(new double[] {0, 0}, sample(2, -3f), sample(1, -1f)))
                                .zeroGradient())
                .isTrue();
        // a group of one: A = r and eta = 1, so no bonus
        assertThat(
                        xrpo(StrategyOptions.empty(), group(new double[] {1}, sample(3, -2f)))
                                .advantages())
                .containsExactly(1.0);
        // no features: GRPO
        assertThat(xrpo(StrategyOptions.empty(), AdvantageInput.group(1, 0)))
                .isEqualTo(run("grpo", StrategyOptions.empty(), AdvantageInput.group(1, 0)));
        assertThat(xrpo(StrategyOptions.empty(), AdvantageInput.group()).size()).isZero();
    }

    @Test
    void anEmptyResponseCountsAsTheLikeliest() {
        // wrong empty response (s = 0), correct one with s = -1: s̄ = -0.5, eta = exp(-0.5)
        // A = 0.5/(0.707107 + 1e-6) = 0.707106; bonus 0.393469: A+ = 1.100575
        AdvantageResult r =
                xrpo(
                        StrategyOptions.empty(),
                        group(new double[] {0, 1}, sample(0, 0f), sample(2, -1f)));
        assertThat(r.advantages()).containsExactly(new double[] {-0.707106, 1.100575}, within(TOL));
        // a correct empty response is the likeliest: no bonus
        AdvantageResult e =
                xrpo(
                        StrategyOptions.empty(),
                        group(new double[] {1, 0}, sample(0, 0f), sample(2, -1f)));
        assertThat(e.advantage(0)).isCloseTo(0.707106, within(TOL));
    }

    @Test
    void badOptionsNameTheValue() {
        assertThatThrownBy(() -> new XrpoNoveltyAdvantage(0, -1, 1))
                .hasMessageContaining("lambda=-1.0");
    }
}
