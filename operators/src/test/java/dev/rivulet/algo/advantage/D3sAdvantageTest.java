package dev.rivulet.algo.advantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.FinishReason;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** D³S: max-Var(A) rollouts, top |A|·H tokens, a schedule on the policy version. */
class D3sAdvantageTest {

    private static final SplittableRandom RNG = new SplittableRandom(1);
    private static final float TOL = 1e-5f;

    private static SampleFeatures f(long version, float... entropies) {
        return new SampleFeatures(
                new int[entropies.length],
                new float[entropies.length],
                entropies,
                FinishReason.STOP,
                version);
    }

    private static SampleFeatures noEntropies(int length) {
        return new SampleFeatures(
                new int[length], new float[length], new float[0], FinishReason.STOP, 0L);
    }

    /** Samples 0.5 → 1, tokens 0.4 → 1, over 100 policy versions. */
    private static D3sAdvantage d3s() {
        return new D3sAdvantage(0.0, 0.5, 1.0, 0.4, 1.0, 100);
    }

    private static List<SampleFeatures> handGroup(long version) {
        return List.of(
                f(version, 0.2f, 1.0f, 0.4f),
                f(version, 2.0f, 0.5f),
                f(version, 3.0f, 3.0f),
                f(version, 0.1f, 0.1f));
    }

    @Test
    void handComputedGroupAtVersionZero() {
        // rewards 1,0,0,0: mean 0.25, unbiased std sqrt((0.5625 + 3·0.0625)/3) = 0.5
        // GRPO A = 0.75/0.500001 = 1.499997, −0.25/0.500001 = −0.499999 (×3)
        // version 0 → p = 0: keep ceil(0.5·4) = 2 rollouts. Splits of the sorted advantages
        // (−0.5, −0.5, −0.5, 1.5): j = 0 {−0.5, −0.5} var 0; j = 1 {−0.5, 1.5} var 1;
        // j = 2 {−0.5, 1.5} var 1 (tie, smaller j wins) → keep sample 1 (lowest index of the
        // −0.5s) and sample 0.
        // tokens of the kept rollouts (T = 5), score |A|·H:
        //   sample 0: 1.5·(0.2, 1.0, 0.4) = (0.3, 1.5, 0.6); sample 1: 0.5·(2.0, 0.5) = (1.0, 0.25)
        // keep ceil(0.4·5) = 2: 1.5 (sample 0, t = 1) and 1.0 (sample 1, t = 0)
        AdvantageResult res =
                d3s().estimate(AdvantageInput.group(1, 0, 0, 0).withFeatures(handGroup(0)), RNG);
        assertThat(res.advantage(0)).isCloseTo(1.499997, within(1e-6));
        assertThat(res.advantage(1)).isCloseTo(-0.499999, within(1e-6));
        assertThat(res.advantage(2)).isZero();
        assertThat(res.advantage(3)).isZero();
        assertThat(res.dropped()).isEqualTo(2);
        assertThat(res.nonZero()).isEqualTo(2);
        assertThat(res.tokenAdvantages(0))
                .containsExactly(new float[] {0f, 1.499997f, 0f}, within(TOL));
        assertThat(res.tokenAdvantages(1))
                .containsExactly(new float[] {-0.499999f, 0f}, within(TOL));
        assertThat(res.tokenAdvantages(2)).containsExactly(0f, 0f);
        assertThat(res.tokenAdvantages(3)).containsExactly(0f, 0f);
    }

    @Test
    void halfwayThroughTheScheduleBothFractionsAreInterpolated() {
        // version 50 of 100 → p = 0.5: sample ratio 0.75 → keep 3 (all splits give the values
        // {−0.5, −0.5, 1.5}; j = 1 → samples 1, 2 and 0); token ratio 0.7 of T = 7 → ceil(4.9) = 5
        // scores: s0 (0.3, 1.5, 0.6), s1 (1.0, 0.25), s2 0.5·(3, 3) = (1.5, 1.5)
        // sorted: 1.5 s0t1, 1.5 s2t0, 1.5 s2t1, 1.0 s1t0, 0.6 s0t2 | 0.3 s0t0, 0.25 s1t1 dropped
        AdvantageResult res =
                d3s().estimate(AdvantageInput.group(1, 0, 0, 0).withFeatures(handGroup(50)), RNG);
        assertThat(res.dropped()).isEqualTo(1);
        assertThat(res.advantage(3)).isZero();
        float a = 1.499997f;
        float b = -0.499999f;
        assertThat(res.tokenAdvantages(0)).containsExactly(new float[] {0f, a, a}, within(TOL));
        assertThat(res.tokenAdvantages(1)).containsExactly(new float[] {b, 0f}, within(TOL));
        assertThat(res.tokenAdvantages(2)).containsExactly(new float[] {b, b}, within(TOL));
        assertThat(res.tokenAdvantages(3)).containsExactly(0f, 0f);
    }

    @Test
    void theGroupsOldestVersionIsTheClock() {
        List<SampleFeatures> mixed = new ArrayList<>(handGroup(500));
        mixed.set(2, f(0, 3.0f, 3.0f));
        AdvantageResult res =
                d3s().estimate(AdvantageInput.group(1, 0, 0, 0).withFeatures(mixed), RNG);
        assertThat(res.dropped()).isEqualTo(2);
        assertThat(d3s().progress(AdvantageInput.group(1, 0, 0, 0).withFeatures(mixed))).isZero();
        assertThat(d3s().progress(AdvantageInput.group(1, 0, 0, 0).withFeatures(handGroup(25))))
                .isEqualTo(0.25);
    }

    @Test
    void afterTheScheduleItIsGrpoOnEveryToken() {
        double[] rewards = {1, 0, 0, 0};
        AdvantageResult grpo = new GrpoAdvantage(0).estimate(AdvantageInput.group(rewards), RNG);
        AdvantageResult res =
                d3s().estimate(AdvantageInput.group(rewards).withFeatures(handGroup(100)), RNG);
        assertThat(res.advantages()).containsExactly(grpo.advantages());
        assertThat(res.dropped()).isZero();
        for (int i = 0; i < 4; i++) {
            for (float t : res.tokenAdvantages(i)) {
                assertThat((double) t).isCloseTo(grpo.advantage(i), within(1e-6));
            }
        }
    }

    @Test
    void maxVarianceSubsetMatchesBruteForce() {
        SplittableRandom rng = new SplittableRandom(42);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rng.nextInt(9);
            int k = 1 + rng.nextInt(n);
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                // few distinct values so ties happen
                x[i] = rng.nextInt(4) - 1.5 + (trial % 2 == 0 ? rng.nextDouble() : 0);
            }
            boolean[] kept = D3sAdvantage.maxVarianceSubset(x, k);
            int count = 0;
            List<Double> picked = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (kept[i]) {
                    count++;
                    picked.add(x[i]);
                }
            }
            assertThat(count).isEqualTo(k);
            assertThat(variance(picked)).isCloseTo(bruteForceMax(x, k), within(1e-12));
        }
    }

    private static double bruteForceMax(double[] x, int k) {
        double best = Double.NEGATIVE_INFINITY;
        for (int mask = 0; mask < (1 << x.length); mask++) {
            if (Integer.bitCount(mask) != k) {
                continue;
            }
            List<Double> pick = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                if ((mask & (1 << i)) != 0) {
                    pick.add(x[i]);
                }
            }
            best = Math.max(best, variance(pick));
        }
        return best;
    }

    private static double variance(List<Double> v) {
        double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return v.stream().mapToDouble(d -> (d - mean) * (d - mean)).sum() / v.size();
    }

    @Test
    void keptCountIsCeilingButAtLeastTwo() {
        assertThat(D3sAdvantage.keptCount(8, 0.5)).isEqualTo(4);
        assertThat(D3sAdvantage.keptCount(10, 0.7)).isEqualTo(7);
        assertThat(D3sAdvantage.keptCount(5, 0.5)).isEqualTo(3);
        assertThat(D3sAdvantage.keptCount(4, 0.1)).isEqualTo(2);
        assertThat(D3sAdvantage.keptCount(1, 0.1)).isEqualTo(1);
        assertThat(D3sAdvantage.keptCount(0, 0.5)).isZero();
    }

    @Test
    void allEqualGroupIsZeroOnEveryToken() {
        AdvantageResult res =
                d3s().estimate(AdvantageInput.group(1, 1, 1, 1).withFeatures(handGroup(0)), RNG);
        assertThat(res.allEqual()).isTrue();
        assertThat(res.advantages()).containsOnly(0.0);
        for (int i = 0; i < 4; i++) {
            assertThat(res.tokenAdvantages(i)).containsOnly(0f);
        }
    }

    @Test
    void groupOfOneKeepsItsRewardOnItsTopTokens() {
        // GRPO gives a group of one A = r = 1; k = 1; tokens: ceil(0.4·5) = 2 with the largest H
        AdvantageResult res =
                d3s().estimate(
                                AdvantageInput.group(1)
                                        .withFeatures(List.of(f(0, 0.1f, 0.9f, 0.3f, 0.7f, 0.2f))),
                                RNG);
        assertThat(res.advantages()).containsExactly(1.0);
        assertThat(res.tokenAdvantages(0)).containsExactly(0f, 1f, 0f, 1f, 0f);
    }

    @Test
    void emptyResponsesAndEmptyGroupsNeitherThrowNorGiveNaN() {
        List<SampleFeatures> withEmpty =
                List.of(
                        f(0),
                        f(0, 1f, 2f),
                        f(0),
                        new SampleFeatures(
                                new int[0], new float[0], new float[0], FinishReason.LENGTH, 0L));
        AdvantageResult res =
                d3s().estimate(AdvantageInput.group(1, 0, 1, 0).withFeatures(withEmpty), RNG);
        assertThat(res.tokenAdvantages(0)).isEmpty();
        assertThat(res.tokenAdvantages(2)).isEmpty();
        assertThat(res.tokenAdvantages(3)).isEmpty();
        for (float t : res.tokenAdvantages(1)) {
            assertThat(Float.isNaN(t)).isFalse();
        }
        for (double a : res.advantages()) {
            assertThat(Double.isNaN(a)).isFalse();
        }
        AdvantageResult none = d3s().estimate(AdvantageInput.group(), RNG);
        assertThat(none.advantages()).isEmpty();
    }

    @Test
    void withoutEntropiesEveryTokenOfAKeptRolloutCarriesItsAdvantage() {
        List<SampleFeatures> plain =
                List.of(noEntropies(3), noEntropies(2), noEntropies(1), noEntropies(2));
        AdvantageResult res =
                d3s().estimate(AdvantageInput.group(1, 0, 0, 0).withFeatures(plain), RNG);
        float a = 1.499997f;
        float b = -0.499999f;
        assertThat(res.tokenAdvantages(0)).containsExactly(new float[] {a, a, a}, within(TOL));
        assertThat(res.tokenAdvantages(1)).containsExactly(new float[] {b, b}, within(TOL));
        assertThat(res.tokenAdvantages(2)).containsExactly(0f);
        assertThat(res.tokenAdvantages(3)).containsExactly(0f, 0f);
    }

    @Test
    void withoutFeaturesOnlyTheSampleLevelAppliesAtVersionZero() {
        AdvantageResult res = d3s().estimate(AdvantageInput.group(1, 0, 0, 0), RNG);
        assertThat(res.tokenAdvantages()).isEmpty();
        assertThat(res.advantage(0)).isCloseTo(1.499997, within(1e-6));
        assertThat(res.advantage(1)).isCloseTo(-0.499999, within(1e-6));
        assertThat(res.advantage(2)).isZero();
        assertThat(res.advantage(3)).isZero();
    }

    @Test
    void registeredWithOptionsThatAreChecked() {
        AdvantageEstimator e =
                AdvantageEstimators.registry()
                        .create(
                                "d3s",
                                StrategyOptions.of(
                                        "sample-ratio-init", "1", "token-ratio-init", "1"));
        assertThat(e.needsGroup()).isTrue();
        // nothing down-sampled: grpo on every token
        AdvantageResult res =
                e.estimate(AdvantageInput.group(1, 0, 0, 0).withFeatures(handGroup(0)), RNG);
        assertThat(res.dropped()).isZero();
        assertThat(res.tokenAdvantages(2))
                .containsExactly(new float[] {-0.499999f, -0.499999f}, within(TOL));
        assertThatThrownBy(
                        () ->
                                AdvantageEstimators.registry()
                                        .create("d3s", StrategyOptions.of("token-ratio-init", "0")))
                .hasMessageContaining("token-ratio-init");
        assertThatThrownBy(() -> new D3sAdvantage(0, 0.5, 1.5, 0.2, 1, 10))
                .hasMessageContaining("sample-ratio-final must be in (0, 1], got 1.5");
        assertThatThrownBy(() -> new D3sAdvantage(0, 0.5, 1, 0.2, 1, 0))
                .hasMessageContaining("schedule-versions must be >= 1, got 0");
    }
}
