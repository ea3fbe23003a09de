package dev.rivulet.algo.advantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.FinishReason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SPO-chain's cut points and segment advantages, by hand, and their degenerate cases. */
class SegmentPoAdvantageTest {

    /** Behaviour probabilities of a 10-token response: low (< 0.9) at tokens 1, 3, 5, 7. */
    private static final double[] P = {0.95, 0.5, 0.99, 0.3, 0.97, 0.6, 0.99, 0.2, 0.98, 0.95};

    private static float[] logprobs(double... p) {
        float[] lp = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            lp[i] = (float) Math.log(p[i]);
        }
        return lp;
    }

    private static SampleFeatures features(double... p) {
        return new SampleFeatures(new int[p.length], logprobs(p), new float[0], FinishReason.STOP);
    }

    private static SegmentPoAdvantage spo(int interval, int maxCuts, boolean mask) {
        return new SegmentPoAdvantage(0.9, interval, maxCuts, 4, 8, mask, 0);
    }

    @Test
    void cutsSitJustBeforeEveryIntervalThLowProbabilityToken() {
        // marks (low token j -> cut j - 1): tokens 1, 3, 5, 7 -> cuts 0, 2, 4, 6
        assertThat(SegmentCuts.of(logprobs(P), 0.9, 1, 10)).containsExactly(0, 2, 4, 6);
        // max-cuts 3 keeps the earliest three
        assertThat(SegmentCuts.of(logprobs(P), 0.9, 1, 3)).containsExactly(0, 2, 4);
        // interval 2: marks 0, 2, 4, 6 -> every second from the first: 0, 4
        assertThat(SegmentCuts.of(logprobs(P), 0.9, 2, 10)).containsExactly(0, 4);
        // interval 5 (the default): only the first mark
        assertThat(SegmentCuts.of(logprobs(P), 0.9, 5, 10)).containsExactly(0);
        // a low first token marks the prompt itself (cut -1): its value is the group's, no cut
        assertThat(SegmentCuts.of(logprobs(0.5, 0.99, 0.5, 0.99), 0.9, 1, 10)).containsExactly(1);
        // interval 2 with the prompt mark first: marks -1, 1 -> kept -1 only -> no cut
        assertThat(SegmentCuts.of(logprobs(0.5, 0.99, 0.5, 0.99), 0.9, 2, 10)).isEmpty();
        // no uncertain token, no cut; max-cuts 0, no cut
        assertThat(SegmentCuts.of(logprobs(0.99, 0.95), 0.9, 1, 10)).isEmpty();
        assertThat(SegmentCuts.of(logprobs(P), 0.9, 1, 0)).isEmpty();
    }

    @Test
    void threeCutsGiveTheSegmentDifferencesByHand() {
        // cuts 0, 2, 4 with V = 0.25, 0.5, 1.0 (e.g. 1, 2, 4 of 4 continuations right);
        // group rewards {1, 0, 0.5, 0} -> V0 = mean = 0.375; this response's reward r = 1
        SegmentValues v = new SegmentValues(new int[] {0, 2, 4}, new double[] {0.25, 0.5, 1.0});
        float[] t = spo(1, 3, false).tokenAdvantages(logprobs(P), v, 0.375, 1.0);
        // token 0 in (-1, 0]: 0.25 - 0.375 = -0.125; tokens 1-2 in (0, 2]: 0.5 - 0.25 = 0.25;
        // tokens 3-4 in (2, 4]: 1.0 - 0.5 = 0.5; tokens 5-9 in (4, 9]: r - 1.0 = 0
        assertThat(t)
                .containsExactly(
                        new float[] {-0.125f, 0.25f, 0.25f, 0.5f, 0.5f, 0f, 0f, 0f, 0f, 0f},
                        within(1e-6f));
        // the segments telescope: -0.125 + 0.25 + 0.5 + 0 = 0.625 = r - V0
        // the probability mask keeps only tokens with p <= 0.9: tokens 1 (0.5), 3 (0.3), 5, 7
        float[] masked = spo(1, 3, true).tokenAdvantages(logprobs(P), v, 0.375, 1.0);
        assertThat(masked)
                .containsExactly(
                        new float[] {0f, 0.25f, 0f, 0.5f, 0f, 0f, 0f, 0f, 0f, 0f}, within(1e-6f));
    }

    @Test
    void estimateCombinesGroupBaselineCutValuesAndTheMask() {
        // group of 2: rewards {1, 0}, V0 = 0.5; response 0 has cut 0 with V = 0.5,
        // response 1 has cut 0 with V = 0, response probs (0.5, 0.5, 0.99) each
        AdvantageInput in =
                AdvantageInput.group(1, 0)
                        .withFeatures(List.of(features(0.5, 0.5, 0.99), features(0.5, 0.5, 0.99)));
        List<SegmentValues> values =
                List.of(
                        new SegmentValues(new int[] {0}, new double[] {0.5}),
                        new SegmentValues(new int[] {0}, new double[] {0.0}));
        AdvantageResult a = spo(1, 4, true).estimate(in, values);
        // response 0: token 0: 0.5 - 0.5 = 0; tokens 1-2: 1 - 0.5 = 0.5, token 2 masked (0.99)
        assertThat(a.tokenAdvantages(0)).containsExactly(0f, 0.5f, 0f);
        // response 1: token 0: 0 - 0.5 = -0.5; token 1: 0 - 0 = 0; token 2 masked
        assertThat(a.tokenAdvantages(1)).containsExactly(-0.5f, 0f, 0f);
        // scalars r - V0 (the telescoped sums)
        assertThat(a.advantages()).containsExactly(0.5, -0.5);
        assertThat(a.nonZero()).isEqualTo(2);
    }

    @Test
    void anAllWrongGroupCarriesSignalThroughItsCuts() {
        // rewards {0, 0}: GRPO would give nothing; a cut whose continuations succeed half the
        // time credits the first segment +0.5 and debits the rest -0.5
        AdvantageInput in =
                AdvantageInput.group(0, 0)
                        .withFeatures(List.of(features(0.5, 0.5, 0.5), features(0.5, 0.5, 0.5)));
        AdvantageResult a =
                spo(1, 4, false)
                        .estimate(
                                in,
                                List.of(
                                        new SegmentValues(new int[] {0}, new double[] {0.5}),
                                        SegmentValues.NONE));
        assertThat(a.tokenAdvantages(0)).containsExactly(0.5f, -0.5f, -0.5f);
        assertThat(a.tokenAdvantages(1)).containsExactly(0f, 0f, 0f);
        assertThat(a.allEqual()).isTrue();
        assertThat(a.advantages()).containsExactly(0.0, 0.0);
        assertThat(a.nonZero()).isEqualTo(1);
    }

    @Test
    void degenerateCases() {
        SegmentPoAdvantage s = spo(1, 4, false);
        // a response shorter than a segment (one token: no cut possible) is one segment: r - V0
        assertThat(SegmentCuts.of(logprobs(0.5), 0.9, 1, 4)).isEmpty();
        assertThat(s.tokenAdvantages(logprobs(0.5), SegmentValues.NONE, 0.25, 1.0))
                .containsExactly(0.75f);
        // all continuations equal to V0: the first segment gets 0, the last r - V
        SegmentValues flat = new SegmentValues(new int[] {0, 1}, new double[] {0.5, 0.5});
        assertThat(s.tokenAdvantages(logprobs(0.5, 0.5, 0.5), flat, 0.5, 0.0))
                .containsExactly(0f, 0f, -0.5f);
        // an empty response: no token advantages
        assertThat(s.tokenAdvantages(new float[0], SegmentValues.NONE, 0.5, 1.0)).isEmpty();
        // a group of one: V0 = 0 (as drgrpo), so the single segment gets A = r
        AdvantageResult one =
                s.estimate(
                        AdvantageInput.group(1).withFeatures(List.of(features(0.5, 0.5))),
                        List.of());
        assertThat(one.tokenAdvantages(0)).containsExactly(1f, 1f);
        // without features: scalar r - mean only (Dr. GRPO), no token advantages
        AdvantageResult plain = s.estimate(AdvantageInput.group(1, 0, 0, 0), List.of());
        assertThat(plain.advantages()).containsExactly(0.75, -0.25, -0.25, -0.25);
        assertThat(plain.tokenAdvantages()).isEmpty();
        // the clip bounds tokens and scalars
        SegmentPoAdvantage clipped = new SegmentPoAdvantage(0.9, 1, 4, 4, 8, false, 0.2);
        AdvantageResult c =
                clipped.estimate(
                        AdvantageInput.group(1, 0)
                                .withFeatures(List.of(features(0.5, 0.5), features(0.5, 0.5))),
                        List.of());
        assertThat(c.advantages()).containsExactly(0.2, -0.2);
        assertThat(c.tokenAdvantages(0)).containsExactly(0.2f, 0.2f);
    }

    @Test
    void theRegistryBuildsItWithThePapersDefaultsAndBadInputsFail() {
        AdvantageEstimator e =
                AdvantageEstimators.registry()
                        .create("segment-po", StrategyOptions.of(Map.of("continuations", "2")));
        assertThat(e).isInstanceOf(SegmentPoAdvantage.class);
        SegmentPoAdvantage s = (SegmentPoAdvantage) e;
        assertThat(s.continuations()).isEqualTo(2);
        assertThat(s.maxResponses()).isEqualTo(8);
        // defaults: threshold 0.9, interval 5 -> only the first of the four marks of P
        assertThat(s.cuts(logprobs(P))).containsExactly(0);
        assertThat(s.needsGroup()).isTrue();
        assertThatThrownBy(() -> new SegmentPoAdvantage(0, 5, 4, 4, 8, true, 0))
                .hasMessageContaining("threshold must be in (0, 1], got 0.0");
        assertThatThrownBy(() -> new SegmentPoAdvantage(0.9, 0, 4, 4, 8, true, 0))
                .hasMessageContaining("interval must be >= 1, got 0");
        assertThatThrownBy(() -> new SegmentPoAdvantage(0.9, 5, 4, 0, 8, true, 0))
                .hasMessageContaining("continuations must be >= 1, got 0");
        assertThatThrownBy(() -> new SegmentValues(new int[] {2, 1}, new double[] {0.1, 0.2}))
                .hasMessageContaining("strictly ascending");
        assertThatThrownBy(
                        () ->
                                s.tokenAdvantages(
                                        logprobs(0.5, 0.5),
                                        new SegmentValues(new int[] {1}, new double[] {0.5}),
                                        0,
                                        1))
                .hasMessageContaining("a cut at 1 leaves no token after it in 2");
        assertThatThrownBy(
                        () -> s.estimate(AdvantageInput.group(1, 0), List.of(SegmentValues.NONE)))
                .hasMessageContaining("got 2 rewards but 1 segment values");
    }
}
