package dev.rivulet.algo.advantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.algo.advantage.TwGrpoAdvantage.Spread;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.FinishReason;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** TW-GRPO: GRPO advantage times a per-position weight from the group's log-prob spread. */
class TwGrpoAdvantageTest {

    private static final SplittableRandom RNG = new SplittableRandom(1);
    private static final float TOL = 1e-5f;

    private static SampleFeatures lp(float... logprobs) {
        return new SampleFeatures(
                new int[logprobs.length], logprobs, new float[0], FinishReason.STOP);
    }

    @Test
    void handComputedVarianceWeights() {
        // rewards 1,0,0: mean 1/3, unbiased std sqrt(((2/3)² + 2·(1/3)²)/2) = sqrt(1/3)
        // A = (2/3)/(0.5773503 + 1e-6) = 1.1546985, −0.5773493 (×2)
        // log-probs by position (samples of different lengths):
        //   t=0 {−1, −1, −1}: var 0
        //   t=1 {−1, −3, −2}: mean −2, gaps 1, −1, 0 → var 2/3
        //   t=2 {−2, −0.5} (sample 1 ended): mean −1.25, gaps ±0.75 → var 0.5625
        //   t=3 {−4} alone: 0
        // min 0, max 2/3; alpha 2: w = 1 + (d − 0)/(2/3 + 1e-8) = (1, 2, 1.84375, 1)
        TwGrpoAdvantage tw = new TwGrpoAdvantage(0.0, 2.0, Spread.VARIANCE);
        AdvantageInput in =
                AdvantageInput.group(1, 0, 0)
                        .withFeatures(
                                List.of(lp(-1f, -1f, -2f), lp(-1f, -3f), lp(-1f, -2f, -0.5f, -4f)));
        AdvantageResult res = tw.estimate(in, RNG);
        double a = 1.1546985;
        double b = -0.5773493;
        assertThat(res.advantage(0)).isCloseTo(a, within(1e-6));
        assertThat(res.advantage(1)).isCloseTo(b, within(1e-6));
        assertThat(tw.weights(in)).containsExactly(new double[] {1, 2, 1.84375, 1}, within(1e-7));
        assertThat(res.tokenAdvantages(0))
                .containsExactly(
                        new float[] {(float) a, (float) (2 * a), (float) (1.84375 * a)},
                        within(TOL));
        assertThat(res.tokenAdvantages(1))
                .containsExactly(new float[] {(float) b, (float) (2 * b)}, within(TOL));
        assertThat(res.tokenAdvantages(2))
                .containsExactly(
                        new float[] {(float) b, (float) (2 * b), (float) (1.84375 * b), (float) b},
                        within(TOL));
    }

    @Test
    void handComputedKlWeightsAreTheDefault() {
        // k3(x) = e^x − x − 1 of the gap x = m_t − s_{i,t}
        //   t=0 {−1, −1}: 0
        //   t=1 {−1, −3}: m = −2, gaps −1 and 1: (0.3678794 + 0.7182818)/2 = 0.5430806
        //   t=2 {−2, −2.5}: m = −2.25, gaps ∓0.25: (0.0288008 + 0.0340254)/2 = 0.0314131
        // alpha 1.7: w = (1, 1.7, 1 + 0.7·0.0314131/0.5430806 = 1.0404897)
        // (variance would give t=2 1 + 0.7·0.0625/1 = 1.04375: the two spreads differ)
        // rewards 1,0: A = ±0.5/(0.7071068 + 1e-6) = ±0.7071058
        AdvantageEstimator tw = AdvantageEstimators.registry().create("tw-grpo");
        AdvantageInput in =
                AdvantageInput.group(1, 0)
                        .withFeatures(List.of(lp(-1f, -1f, -2f), lp(-1f, -3f, -2.5f)));
        AdvantageResult res = tw.estimate(in, RNG);
        float a = 0.7071058f;
        assertThat(res.tokenAdvantages(0))
                .containsExactly(new float[] {a, 1.7f * a, 1.0404897f * a}, within(TOL));
        assertThat(res.tokenAdvantages(1))
                .containsExactly(new float[] {-a, -1.7f * a, -1.0404897f * a}, within(TOL));
        double[] variance = new TwGrpoAdvantage(0, 1.7, Spread.VARIANCE).weights(in);
        assertThat(variance[2]).isCloseTo(1.04375, within(1e-7));
    }

    @Test
    void extremeLogprobGapsAreClampedNotInfinite() {
        AdvantageEstimator tw = AdvantageEstimators.registry().create("tw-grpo");
        AdvantageResult res =
                tw.estimate(
                        AdvantageInput.group(1, 0)
                                .withFeatures(List.of(lp(0f, -1f), lp(-1000f, -1.5f))),
                        RNG);
        for (int i = 0; i < 2; i++) {
            for (float t : res.tokenAdvantages(i)) {
                assertThat(Float.isFinite(t)).isTrue();
            }
        }
        // position 0 has the larger spread: weight alpha there
        assertThat(res.tokenAdvantages(0)[0]).isCloseTo(1.7f * 0.7071058f, within(TOL));
    }

    @Test
    void allEqualGroupIsZeroOnEveryToken() {
        AdvantageResult res =
                AdvantageEstimators.registry()
                        .create("tw-grpo")
                        .estimate(
                                AdvantageInput.group(0, 0, 0)
                                        .withFeatures(
                                                List.of(lp(-1f, -2f), lp(-3f), lp(-0.5f, -9f))),
                                RNG);
        assertThat(res.allEqual()).isTrue();
        for (int i = 0; i < 3; i++) {
            assertThat(res.tokenAdvantages(i)).containsOnly(0f);
        }
        assertThat(res.tokenAdvantages(1)).hasSize(1);
    }

    @Test
    void groupOfOneHasWeightOneSoEveryTokenCarriesTheReward() {
        AdvantageResult res =
                AdvantageEstimators.registry()
                        .create("tw-grpo")
                        .estimate(AdvantageInput.group(1).withFeatures(List.of(lp(-1f, -5f))), RNG);
        assertThat(res.advantages()).containsExactly(1.0);
        assertThat(res.tokenAdvantages(0)).containsExactly(1f, 1f);
    }

    @Test
    void emptyResponsesAndEmptyGroupsNeitherThrowNorGiveNaN() {
        AdvantageEstimator tw = AdvantageEstimators.registry().create("tw-grpo");
        AdvantageResult res =
                tw.estimate(AdvantageInput.group(1, 0).withFeatures(List.of(lp(), lp())), RNG);
        assertThat(res.tokenAdvantages(0)).isEmpty();
        assertThat(res.tokenAdvantages(1)).isEmpty();
        AdvantageResult one =
                tw.estimate(AdvantageInput.group(1, 0).withFeatures(List.of(lp(), lp(-1f))), RNG);
        assertThat(one.tokenAdvantages(1)).hasSize(1);
        assertThat(Float.isNaN(one.tokenAdvantages(1)[0])).isFalse();
        assertThat(tw.estimate(AdvantageInput.group(), RNG).advantages()).isEmpty();
    }

    @Test
    void withoutFeaturesItIsGrpo() {
        AdvantageResult res =
                AdvantageEstimators.registry()
                        .create("tw-grpo")
                        .estimate(AdvantageInput.group(1, 0, 0), RNG);
        AdvantageResult grpo = new GrpoAdvantage(0).estimate(AdvantageInput.group(1, 0, 0), RNG);
        assertThat(res.advantages()).containsExactly(grpo.advantages());
        assertThat(res.tokenAdvantages()).isEmpty();
    }

    @Test
    void optionsAreChecked() {
        assertThat(
                        AdvantageEstimators.registry()
                                .create(
                                        "tw-grpo",
                                        StrategyOptions.of("alpha", "1", "spread", "variance"))
                                .estimate(
                                        AdvantageInput.group(1, 0)
                                                .withFeatures(List.of(lp(-1f, -1f), lp(-1f, -9f))),
                                        RNG)
                                .tokenAdvantages(0))
                .containsExactly(new float[] {0.7071058f, 0.7071058f}, within(TOL));
        assertThatThrownBy(
                        () ->
                                AdvantageEstimators.registry()
                                        .create("tw-grpo", StrategyOptions.of("alpha", "0.5")))
                .hasMessageContaining("alpha");
        assertThatThrownBy(
                        () ->
                                AdvantageEstimators.registry()
                                        .create("tw-grpo", StrategyOptions.of("spread", "entropy")))
                .hasMessageContaining("kl, variance");
    }
}
