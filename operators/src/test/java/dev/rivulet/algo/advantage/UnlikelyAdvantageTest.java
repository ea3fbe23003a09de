package dev.rivulet.algo.advantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.FinishReason;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UnlikelyAdvantageTest {

    private static final double TOL = 1e-5;

    /**
     * A pair whose shaped rewards are {1, 0.875}: deviations ±0.0625, unbiased std sqrt(2 *
     * 0.0625^2) = 0.0883883, A = ±0.0625 / (0.0883883 + 1e-6) = ±0.70710 (the 1e-6 shows at this
     * small a std).
     */
    private static final double PAIR = 0.0625 / (0.0625 * Math.sqrt(2) + GrpoAdvantage.EPS);

    private static AdvantageResult run(String id, StrategyOptions o, AdvantageInput in) {
        return AdvantageEstimators.registry().create(id, o).estimate(in, new SplittableRandom(1));
    }

    private static AdvantageResult unlikely(StrategyOptions o, AdvantageInput in) {
        return run("unlikely", o, in);
    }

    /** A response of {@code tokens} tokens, each with log-prob {@code lp}. */
    private static SampleFeatures sample(int tokens, float lp) {
        float[] lps = new float[tokens];
        Arrays.fill(lps, lp);
        return new SampleFeatures(new int[tokens], lps, new float[0], FinishReason.STOP);
    }

    private static AdvantageInput group(double[] rewards, SampleFeatures... f) {
        return AdvantageInput.group(rewards).withFeatures(List.of(f));
    }

    @Test
    void scalesRewardsByLikelihoodRankBeforeNormalisingByHand() {
        // sequence log-probs: s0 -1.0, s1 -3.0, s2 -2.0, s3 -0.5; rewards {1, 1, 0, 1}
        // ascending rank (0 = least likely): s1 0, s2 1, s0 2, s3 3; G = 4, beta = 0.25
        // factors 1 - 0.25*rank/4: s0 0.875, s1 1, s2 0.9375, s3 0.8125
        // shaped {0.875, 1, 0, 0.8125}: mean 2.6875/4 = 0.671875
        // deviations 0.203125, 0.328125, -0.671875, 0.140625; squares sum 0.6201171875
        // unbiased std sqrt(0.6201171875/3) = 0.454649
        // A = 0.44677, 0.72171, -1.47779, 0.30930
        AdvantageResult r =
                unlikely(
                        StrategyOptions.empty(),
                        group(
                                new double[] {1, 1, 0, 1},
                                sample(2, -0.5f),
                                sample(3, -1f),
                                sample(4, -0.5f),
                                sample(1, -0.5f)));
        assertThat(r.advantages())
                .containsExactly(new double[] {0.44677, 0.72171, -1.47779, 0.30930}, within(TOL));
        // GRPO would give the three correct samples the same advantage
        double[] grpo =
                run("grpo", StrategyOptions.empty(), group(new double[] {1, 1, 0, 1})).advantages();
        assertThat(grpo[0]).isEqualTo(grpo[1]);
    }

    private static AdvantageInput group(double[] rewards) {
        return AdvantageInput.group(rewards);
    }

    @Test
    void anAllCorrectGroupStillPrefersTheUnlikely() {
        // rewards all 1; ranks 0..3 in input order (log-probs -4, -3, -2, -1 on one token)
        // shaped {1, 0.9375, 0.875, 0.8125}: mean 0.90625, deviations ±0.09375, ±0.03125
        // unbiased std sqrt((2*0.0087890625 + 2*0.0009765625)/3) = 0.0806872
        // A = ±1.16188, ±0.38729: the likeliest correct answer is pushed down
        AdvantageResult r =
                unlikely(
                        StrategyOptions.empty(),
                        group(
                                new double[] {1, 1, 1, 1},
                                sample(1, -4f),
                                sample(1, -3f),
                                sample(1, -2f),
                                sample(1, -1f)));
        assertThat(r.allEqual()).isTrue();
        assertThat(r.advantages())
                .containsExactly(new double[] {1.16188, 0.38729, -0.38729, -1.16188}, within(TOL));
    }

    @Test
    void rankByTokenMeanFollowsTheAuthorsCode() {
        // s0: 4 tokens at -0.5 (sum -2, mean -0.5); s1: 1 token at -1 (sum -1, mean -1)
        // sequence: s0 least likely -> factors 1 and 1 - 0.25/2 = 0.875 -> {1, 0.875}
        //   -> ±0.0625 / 0.0883883 = ±0.70710 (PAIR)
        // token-mean: s1 least likely -> {0.875, 1} -> signs flip
        AdvantageInput in = group(new double[] {1, 1}, sample(4, -0.5f), sample(1, -1f));
        assertThat(unlikely(StrategyOptions.empty(), in).advantages())
                .containsExactly(new double[] {PAIR, -PAIR}, within(TOL));
        assertThat(unlikely(StrategyOptions.of("rank-by", "token-mean"), in).advantages())
                .containsExactly(new double[] {-PAIR, PAIR}, within(TOL));
    }

    @Test
    void betaZeroIsGrpo() {
        AdvantageInput in =
                group(new double[] {1, 0, 1}, sample(1, -1f), sample(2, -1f), sample(3, -1f));
        assertThat(unlikely(StrategyOptions.of("beta", "0"), in).advantages())
                .containsExactly(run("grpo", StrategyOptions.empty(), in).advantages());
    }

    @Test
    void allWrongGroupIsZero() {
        AdvantageResult r =
                unlikely(
                        StrategyOptions.empty(),
                        group(
                                new double[] {0, 0, 0},
                                sample(1, -1f),
                                sample(2, -2f),
                                sample(0, 0f)));
        assertThat(r.zeroGradient()).isTrue();
    }

    @Test
    void groupOfOneGetsTheReward() {
        // rank 0 -> factor 1 -> GRPO's group of one: A = r
        AdvantageResult r =
                unlikely(StrategyOptions.empty(), group(new double[] {1}, sample(3, -2f)));
        assertThat(r.advantages()).containsExactly(1.0);
    }

    @Test
    void emptyResponseIsTheLikeliest() {
        // the empty response has log-prob 0 (sequence) and 0 (token-mean, by convention): the
        // highest, so rank 1 of 2 and factor 0.875; the other keeps 1 -> {0.875, 1} -> ∓0.70711
        AdvantageInput in = group(new double[] {1, 1}, sample(0, 0f), sample(2, -0.1f));
        for (String by : new String[] {"sequence", "token-mean"}) {
            assertThat(unlikely(StrategyOptions.of("rank-by", by), in).advantages())
                    .as(by)
                    .containsExactly(new double[] {-PAIR, PAIR}, within(TOL));
        }
    }

    @Test
    void tiesKeepInputOrder() {
        // equal log-probs: ranks 0, 1 in input order -> {1, 0.875} -> ±0.70711
        AdvantageInput in = group(new double[] {1, 1}, sample(1, -1f), sample(1, -1f));
        assertThat(unlikely(StrategyOptions.empty(), in).advantages())
                .containsExactly(new double[] {PAIR, -PAIR}, within(TOL));
    }

    @Test
    void withoutFeaturesItIsGrpo() {
        AdvantageInput in = AdvantageInput.group(1, 0, 1);
        assertThat(unlikely(StrategyOptions.empty(), in).advantages())
                .containsExactly(run("grpo", StrategyOptions.empty(), in).advantages());
    }

    @Test
    void rejectsABetaOutsideTheUnitInterval() {
        assertThatThrownBy(() -> new UnlikelyAdvantage(0, -0.1, UnlikelyAdvantage.RankBy.SEQUENCE))
                .hasMessageContaining("-0.1");
    }
}
