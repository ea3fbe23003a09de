package dev.rivulet.algo.advantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.protocol.FinishReason;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SampleFeaturesTest {

    private static SampleFeatures features(int length) {
        return new SampleFeatures(
                new int[length], new float[length], new float[0], FinishReason.STOP);
    }

    @Test
    void rejectsMismatchedLengthsNamingThem() {
        assertThatThrownBy(
                        () ->
                                new SampleFeatures(
                                        new int[2], new float[3], new float[0], FinishReason.STOP))
                .hasMessageContaining("2 response tokens but 3 behaviour log-probs");
        assertThatThrownBy(
                        () ->
                                new SampleFeatures(
                                        new int[2], new float[2], new float[1], FinishReason.STOP))
                .hasMessageContaining("2 response tokens but 1 entropies");
        assertThatThrownBy(() -> AdvantageInput.group(1.0, 0.0).withFeatures(List.of(features(1))))
                .hasMessageContaining("2 rewards but 1 feature sets");
    }

    @Test
    void estimatorsGiveTheSameAdvantagesWithOrWithoutFeatures() {
        double[] rewards = {1, 0, 0, 1, 1};
        List<SampleFeatures> perSample =
                List.of(features(1), features(2), features(3), features(4), features(5));
        for (String id : List.of("grpo", "drgrpo", "ngrpo", "rec", "asymre")) {
            AdvantageEstimator e = AdvantageEstimators.registry().create(id);
            AdvantageInput plain = AdvantageInput.group(rewards);
            assertThat(
                            e.estimate(plain.withFeatures(perSample), new SplittableRandom(3))
                                    .advantages())
                    .as(id)
                    .containsExactly(e.estimate(plain, new SplittableRandom(3)).advantages());
        }
        AdvantageEstimator spo = AdvantageEstimators.registry().create("spo");
        AdvantageInput withBaselines =
                AdvantageInput.withBaselines(rewards, new double[] {0.5, 0.5, 0.2, 0.9, 0});
        assertThat(
                        spo.estimate(withBaselines.withFeatures(perSample), new SplittableRandom(3))
                                .advantages())
                .containsExactly(spo.estimate(withBaselines, new SplittableRandom(3)).advantages());
    }

    @Test
    void policyVersionDefaultsToZeroTakesPartInEqualityAndMustNotBeNegative() {
        SampleFeatures unknown =
                new SampleFeatures(
                        new int[] {1}, new float[] {-1f}, new float[0], FinishReason.STOP);
        assertThat(unknown.policyVersion()).isZero();
        SampleFeatures v7 =
                new SampleFeatures(
                        new int[] {1}, new float[] {-1f}, new float[0], FinishReason.STOP, 7L);
        assertThat(v7.policyVersion()).isEqualTo(7L);
        assertThat(v7).isNotEqualTo(unknown);
        assertThat(v7)
                .isEqualTo(
                        new SampleFeatures(
                                new int[] {1},
                                new float[] {-1f},
                                new float[0],
                                FinishReason.STOP,
                                7L));
        assertThat(v7.toString()).contains("policyVersion=7");
        assertThatThrownBy(
                        () ->
                                new SampleFeatures(
                                        new int[0],
                                        new float[0],
                                        new float[0],
                                        FinishReason.STOP,
                                        -1L))
                .hasMessageContaining("policyVersion must be >= 0, got -1");
    }

    @Test
    void ranksNeedOneRankPerTokenAndNoRankBelowEnd() {
        RankedTokens two = new RankedTokens(new double[] {1}, new int[] {0, RankedTokens.END}, 1);
        assertThat(features(2).withRanks(two).hasRanks()).isTrue();
        assertThat(features(2).withRanks(two).ranks()).isEqualTo(two);
        assertThat(features(2).hasRanks()).isFalse();
        assertThatThrownBy(() -> features(3).withRanks(two))
                .hasMessageContaining("3 response tokens but 2 token ranks");
        assertThatThrownBy(() -> new RankedTokens(new double[0], new int[] {-2}, 0))
                .hasMessageContaining("got -2");
    }
}
