package dev.rivulet.algo.advantage;

import static dev.rivulet.algo.advantage.TokenGroups.group;
import static dev.rivulet.algo.advantage.TokenGroups.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.core.registry.StrategyOptions;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GtpoAdvantageTest {

    private static final double TOL = 1e-6;

    private static AdvantageResult gtpo(StrategyOptions o, AdvantageInput in) {
        return AdvantageEstimators.registry()
                .create("gtpo", o)
                .estimate(in, new SplittableRandom(1));
    }

    private static AdvantageResult gtpo(AdvantageInput in) {
        return gtpo(StrategyOptions.empty(), in);
    }

    private static void assertTokens(float[] actual, double... expected) {
        assertThat(actual).hasSize(expected.length);
        for (int t = 0; t < expected.length; t++) {
            assertThat((double) actual[t]).as("token %d", t).isCloseTo(expected[t], within(TOL));
        }
    }

    @Test
    void conflictTokensSkipTheNegativeUpdateAndDoubleThePositiveOne() {
        // "168" (+) vs "178" (-): A± = ±0.5/sqrt(0.5) = ±0.7071 (GRPO, unbiased std)
        // '1' and '8' sit at the same positions in both: conflict tokens; '6'/'7' differ
        // negative row: [0, A-, 0] (mask [0, 1, 0]); positive row: [2A+, A+, 2A+]
        double a = TokenGroups.pairAdvantage();
        AdvantageResult r = gtpo(group(new double[] {1, 0}, "168", "178"));
        assertTokens(r.tokenAdvantages(1), 0, -a, 0);
        float[] negative = r.tokenAdvantages(1);
        double[] mask = new double[negative.length];
        for (int t = 0; t < mask.length; t++) {
            mask[t] = negative[t] / -a;
        }
        assertThat(mask).containsExactly(new double[] {0, 1, 0}, within(1e-6));
        assertTokens(r.tokenAdvantages(0), 2 * a, a, 2 * a);
        assertThat(r.advantages()).containsExactly(new double[] {a, -a}, within(1e-12));
    }

    @Test
    void aConflictNeedsAPositiveAndANegativeCompletion() {
        // rewards {1, 1, 0}: mean 2/3, unbiased std sqrt(1/3); A+ = (1/3)/0.57735 = 0.5774,
        // A- = (-2/3)/0.57735 = -1.1547. "xa"(+), "xb"(+), "yb"(-):
        // 'x' at 0 only in positives -> no conflict; 'b' at 1 in "xb"(+) and "yb"(-) -> conflict
        double s = Math.sqrt(1.0 / 3.0) + GrpoAdvantage.EPS;
        double p = (1.0 / 3.0) / s;
        double n = (-2.0 / 3.0) / s;
        AdvantageResult r = gtpo(group(new double[] {1, 1, 0}, "xa", "xb", "yb"));
        assertTokens(r.tokenAdvantages(0), p, p);
        assertTokens(r.tokenAdvantages(1), p, 2 * p);
        assertTokens(r.tokenAdvantages(2), n, 0);
    }

    @Test
    void runsKeepOnlyTheMatchesFromTheStartAndFromTheEnd() {
        // "abcde" (+) vs "aXcYe" (-): same-position matches a, c, e; runs: 'a' from the start,
        // 'e' from the end, not 'c' (the authors' forward/backward passes)
        double a = TokenGroups.pairAdvantage();
        AdvantageInput in = group(new double[] {1, 0}, "abcde", "aXcYe");
        assertTokens(gtpo(in).tokenAdvantages(1), 0, -a, 0, -a, 0);
        AdvantageResult runs = gtpo(StrategyOptions.of("conflict", "runs"), in);
        assertTokens(runs.tokenAdvantages(1), 0, -a, -a, -a, 0);
        assertTokens(runs.tokenAdvantages(0), 2 * a, a, a, a, 2 * a);
    }

    @Test
    void responsesOfDifferentLengths() {
        // "ab8" (+) vs "xyzb8" (-): from the start nothing matches (a/x, b/y, 8/z);
        // runs count the end-aligned positions too: '8' and 'b' are the last two of both
        double a = TokenGroups.pairAdvantage();
        AdvantageInput in = group(new double[] {1, 0}, "ab8", "xyzb8");
        assertTokens(gtpo(in).tokenAdvantages(1), -a, -a, -a, -a, -a);
        AdvantageResult runs = gtpo(StrategyOptions.of("conflict", "runs"), in);
        assertTokens(runs.tokenAdvantages(0), a, 2 * a, 2 * a);
        assertTokens(runs.tokenAdvantages(1), -a, -a, -a, 0, 0);
    }

    @Test
    void highEntropyCompletionsAreFilteredAndTheRestPayTheEntropyPenalty() {
        // "ab" (+) entropies {0.2, 0.4}: mean 0.3 <= ln 2 -> kept, A+ - 0.1 * 0.3 = 0.7071 - 0.03
        // "cd" (-) entropies {1.0, 1.0}: mean 1.0 > ln 2 = 0.693 -> every token 0
        double a = TokenGroups.pairAdvantage();
        AdvantageInput in =
                AdvantageInput.group(1, 0)
                        .withFeatures(
                                List.of(
                                        text("ab", new float[] {0.2f, 0.4f}),
                                        text("cd", new float[] {1.0f, 1.0f})));
        AdvantageResult r = gtpo(in);
        assertTokens(r.tokenAdvantages(0), a - 0.03, a - 0.03);
        assertTokens(r.tokenAdvantages(1), 0, 0);
        assertThat(r.advantage(1)).isZero();
        assertThat(r.nonZero()).isEqualTo(1);
        // filter off: the negative keeps A- - 0.1 * 1.0; no penalty either: plain GRPO
        AdvantageResult unfiltered = gtpo(StrategyOptions.of("entropy-filter", "false"), in);
        assertTokens(unfiltered.tokenAdvantages(1), -a - 0.1, -a - 0.1);
        AdvantageResult plain =
                gtpo(
                        StrategyOptions.of("entropy-filter", "false").with("entropy-penalty", "0"),
                        in);
        assertTokens(plain.tokenAdvantages(0), a, a);
        assertTokens(plain.tokenAdvantages(1), -a, -a);
        // a higher threshold keeps "cd" too
        AdvantageResult lenient = gtpo(StrategyOptions.of("entropy-threshold", "1.5"), in);
        assertTokens(lenient.tokenAdvantages(1), -a - 0.1, -a - 0.1);
    }

    @Test
    void allEqualGroupIsZeroOnEveryTokenWithoutEntropies() {
        AdvantageResult r = gtpo(group(new double[] {0, 0, 0}, "ab", "ab", "c"));
        assertThat(r.allEqual()).isTrue();
        assertThat(r.zeroGradient()).isTrue();
        assertTokens(r.tokenAdvantages(0), 0, 0);
        assertTokens(r.tokenAdvantages(2), 0);
    }

    @Test
    void allEqualGroupWithEntropiesCarriesOnlyTheEntropyPenalty() {
        // A = 0 for both; mean entropies 0.5 and 0.25 (both <= ln 2): -0.1 * H on every token
        AdvantageInput in =
                AdvantageInput.group(1, 1)
                        .withFeatures(
                                List.of(
                                        text("ab", new float[] {0.5f, 0.5f}),
                                        text("c", new float[] {0.25f})));
        AdvantageResult r = gtpo(in);
        assertTokens(r.tokenAdvantages(0), -0.05, -0.05);
        assertTokens(r.tokenAdvantages(1), -0.025);
        AdvantageResult none = gtpo(StrategyOptions.of("entropy-penalty", "0"), in);
        assertThat(none.zeroGradient()).isTrue();
        assertTokens(none.tokenAdvantages(0), 0, 0);
    }

    @Test
    void aGroupOfOneGetsItsRewardOnEveryToken() {
        AdvantageResult r = gtpo(group(new double[] {1}, "abc"));
        assertThat(r.advantages()).containsExactly(1.0);
        assertTokens(r.tokenAdvantages(0), 1, 1, 1);
    }

    @Test
    void anEmptyResponseGetsNoTokensAndNoNaN() {
        double a = TokenGroups.pairAdvantage();
        AdvantageInput in =
                AdvantageInput.group(1, 0)
                        .withFeatures(List.of(text(""), text("ab", new float[] {0.1f, 0.1f})));
        AdvantageResult r = gtpo(in);
        assertThat(r.tokenAdvantages(0)).isEmpty();
        assertThat(r.advantage(0)).isCloseTo(a, within(TOL));
        assertTokens(r.tokenAdvantages(1), -a - 0.01, -a - 0.01);
    }

    @Test
    void withoutFeaturesItIsGrpo() {
        AdvantageResult plain = gtpo(AdvantageInput.group(1, 0, 0));
        AdvantageResult grpo =
                AdvantageEstimators.registry()
                        .create("grpo")
                        .estimate(AdvantageInput.group(1, 0, 0), new SplittableRandom(1));
        assertThat(plain.advantages()).containsExactly(grpo.advantages());
        assertThat(plain.tokenAdvantages()).isEmpty();
        assertThat(AdvantageEstimators.registry().create("gtpo").needsGroup()).isTrue();
    }

    @Test
    void clipBoundsTheAmplifiedTokens() {
        AdvantageResult r =
                gtpo(StrategyOptions.of("clip", "1"), group(new double[] {1, 0}, "168", "178"));
        double a = TokenGroups.pairAdvantage();
        assertTokens(r.tokenAdvantages(0), 1, a, 1);
        assertThat(r.clipped()).isEqualTo(1);
    }

    @Test
    void badOptionsNameTheValue() {
        assertThatThrownBy(
                        () ->
                                AdvantageEstimators.registry()
                                        .create("gtpo", StrategyOptions.of("conflict", "any")))
                .hasMessageContaining("option 'conflict' must be one of position, runs");
        assertThatThrownBy(
                        () ->
                                AdvantageEstimators.registry()
                                        .create(
                                                "gtpo",
                                                StrategyOptions.of("conflict-weight", "-1")))
                .hasMessageContaining("option 'conflict-weight' must be in [0, inf), got -1");
    }
}
