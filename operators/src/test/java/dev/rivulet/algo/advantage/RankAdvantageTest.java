package dev.rivulet.algo.advantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.FinishReason;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RankAdvantageTest {

    private static final double TOL = 1e-5;
    private static final int E = RankedTokens.END;

    private static AdvantageResult run(String id, StrategyOptions o, AdvantageInput in) {
        return AdvantageEstimators.registry().create(id, o).estimate(in, new SplittableRandom(1));
    }

    private static AdvantageResult rank(AdvantageInput in) {
        return run("rank", StrategyOptions.empty(), in);
    }

    /** A response whose token t sits at rank {@code tokenRank[t]}, with the given hits. */
    private static SampleFeatures ranked(double[] hits, int items, int... tokenRank) {
        return plain(tokenRank.length).withRanks(new RankedTokens(hits, tokenRank, items));
    }

    private static SampleFeatures plain(int tokens) {
        return new SampleFeatures(
                new int[tokens], new float[tokens], new float[0], FinishReason.STOP);
    }

    private static AdvantageInput group(double[] rewards, SampleFeatures... f) {
        return AdvantageInput.group(rewards).withFeatures(List.of(f));
    }

    /**
     * "sort 3 1 2=" (reference 1 2 3, N = 3), one character per token plus the stop token: "1 2 3"
     * hits {1,1,1}; "1 3 2" hits {1,0,0}; "2 1" hits {0,0,0} and stops early.
     */
    private static AdvantageInput sortGroup() {
        return group(
                new double[] {1, 0, 0},
                ranked(new double[] {1, 1, 1}, 3, 0, 0, 1, 1, 2, E),
                ranked(new double[] {1, 0, 0}, 3, 0, 0, 1, 1, 2, E),
                ranked(new double[] {0, 0, 0}, 2, 0, 0, 1, E));
    }

    @Test
    void eachTokenGetsTheAdvantageOfItsRankByHand() {
        // rank 1 (0-based 0): rewards {1, 1, 0}, mean 2/3, unbiased std sqrt((1/9+1/9+4/9)/2)
        //   = 1/sqrt(3) = 0.577350; A = (1/3)/(0.577350 + 1e-4) = 0.577250 and -2/3/0.577450
        //   = -1.154501
        // ranks 2 and 3: rewards {1, 0, 0}, mean 1/3, same std: A = 1.154501, -0.577250, -0.577250
        // tokens: "1 2 3": 1 and its space rank 0, 2 and its space rank 1, 3 rank 2; the stop
        // token +0.1 (3 items = N); "2 1" stops after 2 items: the stop token -0.1
        // scalars (mean over the 3 ranks): (0.577250 + 2*1.154501)/3 = 0.962084,
        // (0.577250 - 2*0.577250)/3 = -0.192417, (-1.154501 - 2*0.577250)/3 = -0.769667
        AdvantageResult r = rank(sortGroup());
        double a = 0.577250;
        double b = 1.154501;
        assertThat(toDouble(r.tokenAdvantages(0)))
                .containsExactly(new double[] {a, a, b, b, b, 0.1}, within(TOL));
        assertThat(toDouble(r.tokenAdvantages(1)))
                .containsExactly(new double[] {a, a, -a, -a, -a, 0.1}, within(TOL));
        assertThat(toDouble(r.tokenAdvantages(2)))
                .containsExactly(new double[] {-b, -b, -a, -0.1}, within(TOL));
        assertThat(r.advantages())
                .containsExactly(new double[] {0.962084, -0.192417, -0.769667}, within(TOL));
        assertThat(r.allEqual()).isFalse();
        assertThat(r.nonZero()).isEqualTo(3);
    }

    @Test
    void dcgRewardsCreditARankWithTheHitsAfterItByHand() {
        // d = {1, 1/log2(3) = 0.630930, 1/log2(4) = 0.5}; DCG@k:3 = sum of d_j*hit_j for j >= k
        // "1 2 3": {2.130930, 1.130930, 0.5}; "1 3 2": {1, 0, 0}; "2 1": {0, 0, 0}
        // rank 0: mean 1.043643, std 1.066135: A = 1.087287/1.066235 = 1.019744, -0.040932,
        //   -0.978812
        // rank 1: mean 0.376977, std 0.652943: A = 0.753953/0.653043 = 1.154524, -0.577262 twice
        // rank 2: mean 1/6, std 0.288675: A = 0.333333/0.288775 = 1.154301, -0.577150 twice
        AdvantageResult r =
                run(
                        "rank",
                        StrategyOptions.of(Map.of("reward", "dcg", "end-bonus", "0")),
                        sortGroup());
        assertThat(toDouble(r.tokenAdvantages(0)))
                .containsExactly(
                        new double[] {1.019744, 1.019744, 1.154524, 1.154524, 1.154301, 0.0},
                        within(TOL));
        assertThat(toDouble(r.tokenAdvantages(1)))
                .containsExactly(
                        new double[] {-0.040932, -0.040932, -0.577262, -0.577262, -0.577150, 0},
                        within(TOL));
        assertThat(r.advantage(2)).isCloseTo(-0.711075, within(TOL));
    }

    @Test
    void itemsPastTheReferenceArePenalisedAndTheirStopTokenIsNeutral() {
        // "1 2 3 4": the fourth item (rank 3 >= N) gets -0.1 on its token; the stop token 0
        // against "1 2 3": identical hits, so every rank's A is 0
        AdvantageResult r =
                rank(
                        group(
                                new double[] {0, 1},
                                ranked(new double[] {1, 1, 1}, 4, 0, 0, 1, 1, 2, 2, 3, E),
                                ranked(new double[] {1, 1, 1}, 3, 0, 0, 1, 1, 2, E)));
        assertThat(toDouble(r.tokenAdvantages(0)))
                .containsExactly(new double[] {0, 0, 0, 0, 0, 0, -0.1, 0}, within(TOL));
        assertThat(toDouble(r.tokenAdvantages(1)))
                .containsExactly(new double[] {0, 0, 0, 0, 0, 0.1}, within(TOL));
        // the per-rank rewards are all equal although the task rewards are not
        assertThat(r.allEqual()).isTrue();
    }

    @Test
    void anAllEqualGroupHasOnlyTheLengthTerms() {
        AdvantageResult r =
                rank(
                        group(
                                new double[] {1, 1},
                                ranked(new double[] {1, 1}, 2, 0, 0, 1, E),
                                ranked(new double[] {1, 1}, 2, 0, 0, 1, E)));
        assertThat(r.advantages()).containsExactly(0.0, 0.0);
        assertThat(toDouble(r.tokenAdvantages(0)))
                .containsExactly(new double[] {0, 0, 0, 0.1}, within(TOL));
        assertThat(r.allEqual()).isTrue();
        StrategyOptions noShaping =
                StrategyOptions.of(
                        Map.of(
                                "end-bonus",
                                "0",
                                "early-stop-penalty",
                                "0",
                                "overflow-penalty",
                                "0"));
        assertThat(
                        run(
                                        "rank",
                                        noShaping,
                                        group(
                                                new double[] {1, 1},
                                                ranked(new double[] {1, 1}, 2, 0, 0, 1, E),
                                                ranked(new double[] {1, 1}, 2, 0, 0, 1, E)))
                                .zeroGradient())
                .isTrue();
    }

    @Test
    void aGroupOfOneKeepsItsHits() {
        // as grpo's A = r: rank k's advantage is the hit itself
        AdvantageResult r = rank(group(new double[] {0}, ranked(new double[] {1, 0}, 2, 0, 1, E)));
        assertThat(toDouble(r.tokenAdvantages(0)))
                .containsExactly(new double[] {1, 0, 0.1}, within(TOL));
        assertThat(r.advantage(0)).isCloseTo(0.5, within(TOL));
    }

    @Test
    void anEmptyResponseHasOnlyItsStopToken() {
        // "" then stop: 0 items, every hit 0; against "1 2" (hits {1, 1}):
        // each rank {0, 1}: mean 0.5, std 0.707107, A = -/+ 0.5/0.707207 = -/+0.707007
        AdvantageResult r =
                rank(
                        group(
                                new double[] {0, 1},
                                ranked(new double[] {0, 0}, 0, E),
                                ranked(new double[] {1, 1}, 2, 0, 0, 1, E)));
        assertThat(toDouble(r.tokenAdvantages(0)))
                .containsExactly(new double[] {-0.1}, within(TOL));
        assertThat(r.advantage(0)).isCloseTo(-0.707007, within(TOL));
        assertThat(r.advantage(1)).isCloseTo(0.707007, within(TOL));
    }

    @Test
    void withoutRanksItIsGrpo() {
        // a non-list task (no ranks), no features at all, or one sample without ranks
        AdvantageInput noRanks = group(new double[] {1, 0, 0}, plain(2), plain(3), plain(1));
        AdvantageResult grpo = run("grpo", StrategyOptions.empty(), AdvantageInput.group(1, 0, 0));
        assertThat(rank(noRanks)).isEqualTo(grpo);
        assertThat(rank(AdvantageInput.group(1, 0, 0))).isEqualTo(grpo);
        AdvantageInput mixed =
                group(
                        new double[] {1, 0, 0},
                        ranked(new double[] {1}, 1, 0, E),
                        plain(3),
                        plain(1));
        assertThat(rank(mixed)).isEqualTo(grpo);
        assertThat(rank(AdvantageInput.group()).size()).isZero();
    }

    @Test
    void theClipBoundsTokensAndScalars() {
        AdvantageResult r = run("rank", StrategyOptions.of(Map.of("clip", "1")), sortGroup());
        for (int i = 0; i < 3; i++) {
            for (float t : r.tokenAdvantages(i)) {
                assertThat(Math.abs(t)).isLessThanOrEqualTo(1f);
            }
        }
        assertThat(r.tokenAdvantages(0)[2]).isEqualTo(1f);
        assertThat(r.clipped()).isEqualTo(2);
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
