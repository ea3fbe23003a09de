package dev.rivulet.algo.advantage;

import static dev.rivulet.algo.advantage.TokenGroups.group;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.core.registry.StrategyOptions;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TempoAdvantageTest {

    private static final double TOL = 1e-6;

    private static AdvantageResult tempo(StrategyOptions o, AdvantageInput in) {
        return AdvantageEstimators.registry()
                .create("tempo", o)
                .estimate(in, new SplittableRandom(1));
    }

    private static AdvantageResult tempo(AdvantageInput in) {
        return tempo(StrategyOptions.empty(), in);
    }

    private static void assertTokens(float[] actual, double... expected) {
        assertThat(actual).hasSize(expected.length);
        for (int t = 0; t < expected.length; t++) {
            assertThat((double) actual[t]).as("token %d", t).isCloseTo(expected[t], within(TOL));
        }
    }

    @Test
    void theBranchingTokenCarriesTheTdOfItsPrefixValues() {
        // {"568": 1, "578": 0}; GRPO: mean 0.5, unbiased std sqrt(0.5), A± = ±0.5/sqrt(0.5) =
        // ±0.7071
        // tree: "" -> "5" (V = 0.5) -> "56" (V = 1), "57" (V = 0); only "5" branches
        // '5': root has one child, TD 0 -> A; '6': 1 - 0.5 = +0.5; '7': 0 - 0.5 = -0.5; '8': no
        // branch
        double a = TokenGroups.pairAdvantage();
        AdvantageResult r = tempo(group(new double[] {1, 0}, "568", "578"));
        assertThat(a).isCloseTo(0.7071, within(1e-4));
        assertTokens(r.tokenAdvantages(0), a, a + 0.5, a);
        assertTokens(r.tokenAdvantages(1), -a, -a - 0.5, -a);
        assertThat(r.advantages()).containsExactly(a, -a);
    }

    @Test
    void responsesOfDifferentLengthsAndAnEndingBranch() {
        // rewards {1, 0, 1, 0}: mean 0.5, unbiased std sqrt(1/3), A± = ±0.5*sqrt(3) = ±0.8660
        // V: "" = 2/4 = 0.5, "a" = 2/3 (ab, abc, ad), "ab" = 1/2 (ab, abc), "abc" = 0, "ad" = 1,
        // "e" = 0. Branching: "" (a|e), "a" (b|d), "ab" (c | ab ends there)
        double p = 0.5 / (Math.sqrt(1.0 / 3.0) + GrpoAdvantage.EPS);
        AdvantageResult r = tempo(group(new double[] {1, 0, 1, 0}, "ab", "abc", "ad", "e"));
        // "ab": 'a' 2/3 - 1/2 = +1/6, 'b' 1/2 - 2/3 = -1/6
        assertTokens(r.tokenAdvantages(0), p + 1.0 / 6, p - 1.0 / 6);
        // "abc": as "ab", then 'c' 0 - 1/2 = -1/2
        assertTokens(r.tokenAdvantages(1), -p + 1.0 / 6, -p - 1.0 / 6, -p - 0.5);
        // "ad": 'a' +1/6, 'd' 1 - 2/3 = +1/3
        assertTokens(r.tokenAdvantages(2), p + 1.0 / 6, p + 1.0 / 3);
        // "e": 0 - 1/2 = -1/2
        assertTokens(r.tokenAdvantages(3), -p - 0.5);
    }

    @Test
    void tdCoefScalesTheTdTermAndZeroGivesGrpo() {
        double a = TokenGroups.pairAdvantage();
        AdvantageInput in = group(new double[] {1, 0}, "568", "578");
        AdvantageResult doubled = tempo(StrategyOptions.of("td-coef", "2"), in);
        assertTokens(doubled.tokenAdvantages(0), a, a + 1.0, a);
        AdvantageResult off = tempo(StrategyOptions.of("td-coef", "0"), in);
        assertTokens(off.tokenAdvantages(1), -a, -a, -a);
    }

    @Test
    void allEqualGroupIsZeroOnEveryToken() {
        AdvantageResult r = tempo(group(new double[] {1, 1, 1}, "ab", "ac", "d"));
        assertThat(r.allEqual()).isTrue();
        assertThat(r.zeroGradient()).isTrue();
        assertThat(r.advantages()).containsOnly(0.0);
        assertTokens(r.tokenAdvantages(0), 0, 0);
        assertTokens(r.tokenAdvantages(1), 0, 0);
        assertTokens(r.tokenAdvantages(2), 0);
    }

    @Test
    void aGroupOfOneGetsItsRewardOnEveryToken() {
        AdvantageResult r = tempo(group(new double[] {0.75}, "abc"));
        assertThat(r.advantages()).containsExactly(0.75);
        assertTokens(r.tokenAdvantages(0), 0.75, 0.75, 0.75);
    }

    @Test
    void anEmptyResponseHasNoTokensAndIsABranchOfTheRoot() {
        // {"": 1, "a": 0}: the root branches (a | end); 'a': V("a") - V("") = 0 - 0.5
        double a = TokenGroups.pairAdvantage();
        AdvantageResult r = tempo(group(new double[] {1, 0}, "", "a"));
        assertThat(r.tokenAdvantages(0)).isEmpty();
        assertTokens(r.tokenAdvantages(1), -a - 0.5);
        assertThat(r.nonZero()).isEqualTo(2);
    }

    @Test
    void identicalResponsesNeverBranch() {
        double a = TokenGroups.pairAdvantage();
        AdvantageResult r = tempo(group(new double[] {1, 0}, "ab", "ab"));
        assertTokens(r.tokenAdvantages(0), a, a);
        assertTokens(r.tokenAdvantages(1), -a, -a);
    }

    @Test
    void withoutFeaturesItIsGrpo() {
        AdvantageResult plain = tempo(AdvantageInput.group(1, 0, 0));
        AdvantageResult grpo =
                AdvantageEstimators.registry()
                        .create("grpo")
                        .estimate(AdvantageInput.group(1, 0, 0), new SplittableRandom(1));
        assertThat(plain.advantages()).containsExactly(grpo.advantages());
        assertThat(plain.tokenAdvantages()).isEmpty();
        assertThat(AdvantageEstimators.registry().create("tempo").needsGroup()).isTrue();
    }

    @Test
    void clipBoundsTokensToo() {
        AdvantageResult r =
                tempo(StrategyOptions.of("clip", "1"), group(new double[] {1, 0}, "568", "578"));
        assertTokens(
                r.tokenAdvantages(0),
                TokenGroups.pairAdvantage(),
                1.0,
                TokenGroups.pairAdvantage());
        assertTokens(
                r.tokenAdvantages(1),
                -TokenGroups.pairAdvantage(),
                -1.0,
                -TokenGroups.pairAdvantage());
        assertThat(r.clipped()).isEqualTo(2);
    }
}
