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

class StratifiedAdvantageTest {

    private static final double TOL = 1e-5;

    private static AdvantageResult run(String id, StrategyOptions o, AdvantageInput in) {
        return AdvantageEstimators.registry().create(id, o).estimate(in, new SplittableRandom(1));
    }

    private static AdvantageResult stratified(StrategyOptions o, AdvantageInput in) {
        return run("stratified", o, in);
    }

    private static SampleFeatures sample(String response, FinishReason reason) {
        int[] tokens = response.chars().toArray();
        return new SampleFeatures(tokens, new float[tokens.length], new float[0], reason);
    }

    /** rewards[i] for a response of lengths[i] tokens that ended with reasons[i]. */
    private static AdvantageInput group(double[] rewards, String[] responses, FinishReason... r) {
        List<SampleFeatures> f = new ArrayList<>();
        for (int i = 0; i < rewards.length; i++) {
            f.add(sample(responses[i], r[i]));
        }
        return AdvantageInput.group(rewards).withFeatures(f);
    }

    private static final FinishReason S = FinishReason.STOP;
    private static final FinishReason L = FinishReason.LENGTH;

    @Test
    void blendsStratumNormalisedWithGlobalByHand() {
        // rewards {1, 0 | 0, 0}: the first two stopped, the last two hit the length limit.
        // global (GRPO): mean 0.25, unbiased std sqrt((0.5625 + 3*0.0625)/3) = 0.5,
        //   A_GN = 0.75/0.5 = 1.5 for r = 1, -0.25/0.5 = -0.5 for r = 0
        // SAN: STOP {1, 0}: mean 0.5, std sqrt(0.5) -> ±0.70711; LENGTH {0, 0}: 0
        // w = 0.8: 0.8*0.70711 + 0.2*1.5 = 0.86569; -0.56569 - 0.1 = -0.66569;
        //          0.8*0 + 0.2*(-0.5) = -0.1 (twice)
        AdvantageResult r =
                stratified(
                        StrategyOptions.empty(),
                        group(
                                new double[] {1, 0, 0, 0},
                                new String[] {"ab", "ab", "abcd", "abcd"},
                                S,
                                S,
                                L,
                                L));
        assertThat(r.advantage(0)).isCloseTo(0.86569, within(TOL));
        assertThat(r.advantage(1)).isCloseTo(-0.66569, within(TOL));
        assertThat(r.advantage(2)).isCloseTo(-0.1, within(TOL));
        assertThat(r.advantage(3)).isCloseTo(-0.1, within(TOL));
        assertThat(r.nonZero()).isEqualTo(4);
    }

    @Test
    void oneStratumEqualsGrpo() {
        double[] rewards = {0.3, 1, 0, 0.7, 0.7, 0.2};
        String[] responses = {"a", "bb", "ccc", "", "e", "ffffff"};
        AdvantageInput in = group(rewards, responses, S, S, S, S, S, S);
        double[] grpo = run("grpo", StrategyOptions.empty(), in).advantages();
        for (String blend : new String[] {"0", "0.5", "0.8", "1"}) {
            double[] a = stratified(StrategyOptions.of("blend", blend), in).advantages();
            for (int i = 0; i < a.length; i++) {
                assertThat(a[i])
                        .as("blend %s sample %d", blend, i)
                        .isCloseTo(grpo[i], within(1e-12));
            }
        }
        assertThat(grpo[1]).isGreaterThan(1.0); // the comparison is not between zeros
    }

    @Test
    void blendZeroIsGrpoAndBlendOneIsPureSan() {
        AdvantageInput in =
                group(new double[] {1, 0, 0, 0}, new String[] {"a", "a", "a", "a"}, S, S, L, L);
        double[] grpo = run("grpo", StrategyOptions.empty(), in).advantages();
        assertThat(stratified(StrategyOptions.of("blend", "0"), in).advantages())
                .containsExactly(grpo, within(1e-12));
        // pure SAN: ±0.70711 in the STOP stratum, 0 in the all-zero LENGTH stratum
        assertThat(stratified(StrategyOptions.of("blend", "1"), in).advantages())
                .containsExactly(new double[] {0.70711, -0.70711, 0, 0}, within(TOL));
    }

    @Test
    void lengthBucketsSplitTheGroup() {
        // length-bucket 2: "" and "a" in bucket 0, "ab" and "abc" in bucket 1.
        // rewards {1, 0 | 1, 1}: bucket 0 -> ±0.70711; bucket 1 all equal -> 0. blend 1.
        AdvantageInput in =
                group(new double[] {1, 0, 1, 1}, new String[] {"", "a", "ab", "abc"}, S, L, S, L);
        StrategyOptions o =
                StrategyOptions.of("strata", "length", "length-bucket", "2", "blend", "1");
        assertThat(stratified(o, in).advantages())
                .containsExactly(new double[] {0.70711, -0.70711, 0, 0}, within(TOL));
        // finish reason and length: {"", S}, {"a", L}, {"ab", S}, {"abc", L} -> four singletons
        StrategyOptions both =
                StrategyOptions.of(
                        "strata", "finish-reason-and-length", "length-bucket", "2", "blend", "1");
        assertThat(stratified(both, in).advantages()).containsOnly(0.0);
    }

    @Test
    void allEqualGroupIsZero() {
        AdvantageResult r =
                stratified(
                        StrategyOptions.empty(),
                        group(new double[] {1, 1, 1}, new String[] {"a", "bb", ""}, S, L, S));
        assertThat(r.allEqual()).isTrue();
        assertThat(r.zeroGradient()).isTrue();
    }

    @Test
    void groupOfOneGetsTheReward() {
        AdvantageResult r =
                stratified(
                        StrategyOptions.empty(), group(new double[] {0.75}, new String[] {""}, L));
        assertThat(r.advantages()).containsExactly(0.75);
    }

    @Test
    void emptyResponseIsItsOwnLengthBucket() {
        // strata=length, bucket 1: "" -> 0, "a" -> 1, "b" -> 1. rewards {1, 1, 0}, blend 1:
        // "" is a stratum of one -> 0; {"a", "b"} -> ±0.70711
        AdvantageInput in = group(new double[] {1, 1, 0}, new String[] {"", "a", "b"}, S, S, S);
        StrategyOptions o =
                StrategyOptions.of("strata", "length", "length-bucket", "1", "blend", "1");
        assertThat(stratified(o, in).advantages())
                .containsExactly(new double[] {0, 0.70711, -0.70711}, within(TOL));
    }

    @Test
    void withoutFeaturesItIsGrpo() {
        AdvantageInput in = AdvantageInput.group(1, 0, 0, 0);
        assertThat(stratified(StrategyOptions.empty(), in).advantages())
                .containsExactly(run("grpo", StrategyOptions.empty(), in).advantages());
    }

    @Test
    void rejectsABlendOutsideTheUnitInterval() {
        assertThatThrownBy(
                        () -> new StratifiedAdvantage(0, StratifiedAdvantage.Strata.LENGTH, 8, 1.5))
                .hasMessageContaining("1.5");
        assertThatThrownBy(
                        () -> new StratifiedAdvantage(0, StratifiedAdvantage.Strata.LENGTH, 0, 0.5))
                .hasMessageContaining("length-bucket");
    }
}
