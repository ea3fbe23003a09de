package dev.rivulet.server.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The sampler's entropy and log-prob on hand-computed distributions. */
class TokenSamplerTest {

    private static SamplingParams params(double temperature, double topP) {
        return new SamplingParams(temperature, topP, 1, new int[0]);
    }

    private static float ln(double x) {
        return (float) Math.log(x);
    }

    @Test
    void entropyOfPlainSoftmax() {
        // [0, 0]: p = (1/2, 1/2), H = ln 2
        assertThat(TokenSampler.entropy(new float[] {0f, 0f}, params(1, 1)))
                .isCloseTo(Math.log(2), within(1e-7));
        // [0, ln 3]: p = (1/4, 3/4), H = -(1/4 ln 1/4 + 3/4 ln 3/4) = 0.5623351446...
        assertThat(TokenSampler.entropy(new float[] {0f, ln(3)}, params(1, 1)))
                .isCloseTo(0.5623351446, within(1e-7));
        // shifting every logit changes nothing
        assertThat(TokenSampler.entropy(new float[] {40f, 40f + ln(3)}, params(1, 1)))
                .isCloseTo(0.5623351446, within(1e-6));
    }

    @Test
    void entropyIsOfTheTemperedDistribution() {
        // [0, ln 3] at T = 2: weights (1, sqrt 3), p = (0.3660, 0.6340), H = 0.6568063977
        assertThat(TokenSampler.entropy(new float[] {0f, ln(3)}, params(2, 1)))
                .isCloseTo(0.6568063977, within(1e-7));
    }

    @Test
    void topPTruncationRenormalises() {
        // p = (0.1, 0.2, 0.3, 0.4); nucleus 0.6 keeps 0.4 and 0.3 (mass 0.7 >= 0.6),
        // renormalised (4/7, 3/7): H = 0.6829081047
        float[] logits = {ln(1), ln(2), ln(3), ln(4)};
        assertThat(TokenSampler.entropy(logits, params(1, 0.6)))
                .isCloseTo(0.6829081047, within(1e-6));
        // a nucleus of one token is a point mass
        assertThat(TokenSampler.entropy(logits, params(1, 0.3))).isCloseTo(0.0, within(1e-12));
        // without truncation: H(0.1, 0.2, 0.3, 0.4) = 1.2798542258
        assertThat(TokenSampler.entropy(logits, params(1, 1)))
                .isCloseTo(1.2798542258, within(1e-6));
    }

    @Test
    void aLogitOfMinusInfinityHasNoMassAndGivesNoNaN() {
        float[] logits = {Float.NEGATIVE_INFINITY, 0f, ln(3)};
        for (SamplingParams p :
                new SamplingParams[] {params(1, 1), params(0, 1), params(1, 0.99)}) {
            assertThat(TokenSampler.entropy(logits, p))
                    .as("%s", p)
                    .isCloseTo(0.5623351446, within(1e-7));
        }
    }

    @Test
    void greedyReportsTheTemperatureOneEntropy() {
        // greedy draws from a point mass; it reports the softmax at temperature 1 instead
        TokenSampler.Draw d =
                TokenSampler.draw(
                        new float[] {0f, ln(3)}, 0, 2, params(0, 1), new SplittableRandom(1));
        assertThat(d.token()).isEqualTo(1);
        assertThat(d.entropy()).isCloseTo(0.5623351446, within(1e-7));
        assertThat(d.logprob()).isCloseTo(Math.log(0.75), within(1e-7));
    }

    @Test
    void logprobIsAtTemperatureOneWhateverSampled() {
        float[] logits = {ln(1), ln(2), ln(3), ln(4)};
        for (SamplingParams p :
                new SamplingParams[] {params(1, 1), params(0.5, 1), params(2, 0.6)}) {
            SplittableRandom rnd = new SplittableRandom(3);
            for (int i = 0; i < 20; i++) {
                TokenSampler.Draw d = TokenSampler.draw(logits, 0, 4, p, rnd);
                assertThat(d.logprob())
                        .as("%s", p)
                        .isCloseTo(Math.log((d.token() + 1) / 10.0), within(1e-6));
            }
        }
    }
}
