package dev.rivulet.server.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.server.model.Engines;
import dev.rivulet.server.text.CharVocabulary;
import dev.rivulet.server.text.HfTokenizer;
import org.junit.jupiter.api.Test;

/**
 * The {@code sspo} loss: one geometric-mean ratio per sub-sentence, PPO clip per segment with an
 * entropy-scaled range; one segment per response is GSPO's sequence-level ratio.
 */
class SspoLossTest {

    /** Delimiter id 9 in the hand-made rows below. */
    private static final String DELIM = "9";

    private record Out(double loss, double clipFraction, double[] grad) {}

    /**
     * One row whose response starts at column {@code start} of {@code d.length} columns: logp −
     * oldLogp = d, advantage {@code adv} everywhere, entropies {@code h} (null: none).
     */
    private static Out run(
            PolicyLoss loss,
            int[] tokens,
            int start,
            double[] d,
            double adv,
            double[] h,
            boolean withContext) {
        int w = d.length;
        Shape s = new Shape(1, w);
        double[] valid = new double[w];
        for (int t = 0; t < tokens.length; t++) {
            valid[start + t] = 1;
        }
        try (NDManager m = Engines.newManager()) {
            NDArray old = m.create(new double[w], s).sub(1.0);
            NDArray lp = old.add(m.create(d, s));
            lp.setRequiresGradient(true);
            double[] a = new double[w];
            java.util.Arrays.fill(a, adv);
            LossContext ctx =
                    withContext
                            ? new LossContext(
                                    new int[] {0},
                                    new int[][] {tokens},
                                    new int[] {start},
                                    0,
                                    null,
                                    null)
                            : LossContext.NONE;
            LossResult r;
            try (GradientCollector gc = Engines.newGradientCollector()) {
                r =
                        loss.compute(
                                new LossInput(
                                        lp,
                                        old,
                                        m.create(a, s),
                                        m.create(valid, s),
                                        h == null ? null : m.create(h, s),
                                        ctx));
                gc.backward(r.loss());
            }
            return new Out(
                    r.loss().getDouble(), r.clipFraction(), lp.getGradient().toDoubleArray());
        }
    }

    private static PolicyLoss sspo(String... kv) {
        return PolicyLosses.create("sspo", StrategyOptions.of(kv));
    }

    @Test
    void twoSubsentencesGetTwoRatios() {
        // tokens 5, 9 | 7, 8 (9 ends a sub-sentence); d = logp - oldLogp = 0.1, 0.3 | -0.2, 0.0
        // s1 = exp((0.1 + 0.3)/2) = exp(0.2) = 1.2214028 (< 1.28, kept)
        // s2 = exp((-0.2 + 0)/2) = exp(-0.1) = 0.9048374 (> 0.8, kept)
        // A = 1, token-mean: -(2*1.2214028 + 2*0.9048374)/4 = -1.0631201
        // each of the |k| tokens of segment k carries -s_k and d s_k / d logp_j = s_k/|k|, so
        // d loss / d logp_j = -(|k| * s_k/|k|)/4 = -s_k/4: -0.3053507 (seg 1), -0.2262094 (seg 2)
        Out o =
                run(
                        sspo("delimiter-ids", DELIM, "entropy-range", "0"),
                        new int[] {5, 9, 7, 8},
                        0,
                        new double[] {0.1, 0.3, -0.2, 0.0},
                        1.0,
                        null,
                        true);
        assertThat(o.loss()).isCloseTo(-1.0631200880980647, within(1e-12));
        assertThat(o.clipFraction()).isZero();
        assertThat(o.grad())
                .containsExactly(
                        new double[] {
                            -Math.exp(0.2) / 4,
                            -Math.exp(0.2) / 4,
                            -Math.exp(-0.1) / 4,
                            -Math.exp(-0.1) / 4
                        },
                        within(1e-12));
        // token-level ppo-clip gives another value on the same tokens
        Out ppo =
                run(
                        PolicyLosses.create("ppo-clip"),
                        new int[] {5, 9, 7, 8},
                        0,
                        new double[] {0.1, 0.3, -0.2, 0.0},
                        1.0,
                        null,
                        true);
        assertThat(ppo.loss()).isNotCloseTo(o.loss(), within(1e-3));
    }

    @Test
    void oneSegmentIsTheSequenceLevelRatio() {
        // mean d = (0.1 + 0.3 - 0.2 + 0.0)/4 = 0.05; s = exp(0.05) = 1.0512711; loss -1.0512711
        double[] d = {0.1, 0.3, -0.2, 0.0};
        int[] tokens = {5, 9, 7, 8};
        double expected = -1.0512710963760241;
        Out response =
                run(
                        sspo("segments", "response", "delimiter-ids", DELIM),
                        tokens,
                        0,
                        d,
                        1,
                        null,
                        true);
        Out noDelimiter = run(sspo(), tokens, 0, d, 1.0, null, true);
        Out noContext = run(sspo("delimiter-ids", DELIM), tokens, 0, d, 1.0, null, false);
        assertThat(response.loss()).isCloseTo(expected, within(1e-12));
        assertThat(noDelimiter.loss()).isCloseTo(expected, within(1e-12));
        assertThat(noContext.loss()).isCloseTo(expected, within(1e-12));
    }

    @Test
    void promptColumnsBeforeTheResponseAreOutsideEverySegment() {
        // columns 0, 1 are prompt (d = 5 there must not count); response 5, 9 | 7 at 2..4
        // s1 = exp((0.1 + 0.3)/2) = exp(0.2); s2 = exp(-0.2/1)
        // A = -1: L = max(s, clip(s)) per token: s1 = 1.2214 (< 1.28), s2 = 0.8187 (> 0.8)
        // token-mean: (2*1.2214028 + 0.8187308)/3 = 1.0871788
        Out o =
                run(
                        sspo("delimiter-ids", DELIM, "entropy-range", "0"),
                        new int[] {5, 9, 7},
                        2,
                        new double[] {5.0, 5.0, 0.1, 0.3, -0.2},
                        -1.0,
                        null,
                        true);
        double expected = (2 * Math.exp(0.2) + Math.exp(-0.2)) / 3;
        assertThat(o.loss()).isCloseTo(expected, within(1e-12));
        assertThat(o.grad()[0]).isZero();
        assertThat(o.grad()[1]).isZero();
    }

    @Test
    void theClipRangeWidensForHighEntropyAndNarrowsForLow() {
        // d = 0.25 everywhere: s = exp(0.25) = 1.2840254 in both segments, A = 1
        // entropies 2, 2 | 0.5, 0.5: H_mean = 1.25, f1 = clamp(1.6, 0.5, 1.5) = 1.5,
        // f2 = clamp(0.4, 0.5, 1.5) = 0.5; upper bounds 1 + 0.28*1.5 = 1.42 (s kept) and
        // 1 + 0.28*0.5 = 1.14 (s clipped): -(2*1.2840254 + 2*1.14)/4 = -1.2120127, clipped 1/2
        int[] tokens = {5, 9, 7, 8};
        double[] d = {0.25, 0.25, 0.25, 0.25};
        double[] h = {2.0, 2.0, 0.5, 0.5};
        Out adapted = run(sspo("delimiter-ids", DELIM), tokens, 0, d, 1.0, h, true);
        assertThat(adapted.loss()).isCloseTo(-1.2120127083438708, within(1e-12));
        assertThat(adapted.clipFraction()).isCloseTo(0.5, within(1e-12));
        // a clipped segment passes no gradient; the kept one passes -s/4 to each of its tokens
        assertThat(adapted.grad()[0]).isCloseTo(-Math.exp(0.25) / 4, within(1e-12));
        assertThat(adapted.grad()[2]).isZero();
        // entropy-range 0: both clipped at 1.28
        Out fixed =
                run(sspo("delimiter-ids", DELIM, "entropy-range", "0"), tokens, 0, d, 1.0, h, true);
        assertThat(fixed.loss()).isCloseTo(-1.28, within(1e-12));
        assertThat(fixed.clipFraction()).isCloseTo(1.0, within(1e-12));
        // no entropy given: the fixed range (documented fallback)
        Out none = run(sspo("delimiter-ids", DELIM), tokens, 0, d, 1.0, null, true);
        assertThat(none.loss()).isCloseTo(-1.28, within(1e-12));
    }

    @Test
    void anEmptyMaskOrEmptyResponseGivesZeroWithoutNaN() {
        Out empty =
                run(
                        sspo("delimiter-ids", DELIM),
                        new int[0],
                        0,
                        new double[] {0.3, -0.4},
                        1.0,
                        new double[] {1, 1},
                        true);
        assertThat(empty.loss()).isZero();
        assertThat(empty.clipFraction()).isZero();
        assertThat(empty.grad()).containsOnly(0.0);
        Out all =
                run(
                        sspo("delimiter-ids", DELIM),
                        new int[] {9, 9},
                        0,
                        new double[] {0.0, 0.0},
                        0.0,
                        new double[] {0, 0},
                        true);
        assertThat(all.loss()).isZero();
    }

    @Test
    void theServerAddsThePunctuationOfItsTokenizer() {
        HfTokenizer tok = CharVocabulary.tokenizer();
        SspoLoss loss = (SspoLoss) sspo().withTokenizer(tok);
        assertThat(loss.delimiters().get(tok.idOf("."))).isTrue();
        assertThat(loss.delimiters().get(tok.idOf(","))).isTrue();
        assertThat(loss.delimiters().get(tok.idOf("a"))).isFalse();
        assertThat(loss.delimiters().get(tok.idOf("7"))).isFalse();
        assertThat(SspoLoss.endsSubsentence(" so.  ")).isTrue();
        assertThat(SspoLoss.endsSubsentence("\n")).isTrue();
        assertThat(SspoLoss.endsSubsentence("")).isFalse();
        assertThat(PolicyLosses.create("ppo-clip").withTokenizer(tok).id()).isEqualTo("ppo-clip");
    }

    @Test
    void badDelimiterIdsFailNamingTheValue() {
        assertThatThrownBy(() -> sspo("delimiter-ids", "3,x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delimiter-ids")
                .hasMessageContaining("'x'");
        assertThatThrownBy(() -> sspo("segments", "word"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("segments");
    }
}
