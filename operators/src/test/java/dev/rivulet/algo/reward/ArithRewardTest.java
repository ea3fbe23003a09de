package dev.rivulet.algo.reward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.protocol.Prompt;
import org.junit.jupiter.api.Test;

class ArithRewardTest {

    private final RewardFunction lenient = RewardFunctions.create("arith");
    private final RewardFunction strict = new ArithReward(true);

    private static Prompt p(String answer) {
        return RewardTestSupport.prompt("arith", "x=", answer);
    }

    @Test
    void equalIntegersAfterTrimming() {
        assertThat(lenient.reward("168", p("168"))).isEqualTo(1.0);
        assertThat(lenient.reward("  168\n", p("168"))).isEqualTo(1.0);
        assertThat(lenient.reward("\u2003168\t", p(" 168 "))).isEqualTo(1.0);
        assertThat(lenient.reward("-78", p("-78"))).isEqualTo(1.0);
        assertThat(lenient.reward("169", p("168"))).isEqualTo(0.0);
        assertThat(lenient.reward("16 8", p("168"))).isEqualTo(0.0);
        assertThat(lenient.reward("168.0", p("168"))).isEqualTo(0.0);
        assertThat(lenient.reward("1,168", p("1168"))).isEqualTo(0.0);
        assertThat(lenient.reward("168=168", p("168"))).isEqualTo(0.0);
    }

    @Test
    void leadingZerosAndPlusSignAreLenientByDefaultAndRejectedWhenStrict() {
        assertThat(lenient.reward("0168", p("168"))).isEqualTo(1.0);
        assertThat(lenient.reward("+168", p("168"))).isEqualTo(1.0);
        assertThat(lenient.reward("-0", p("0"))).isEqualTo(1.0);
        assertThat(strict.reward("0168", p("168"))).isEqualTo(0.0);
        assertThat(strict.reward("+168", p("168"))).isEqualTo(0.0);
        assertThat(strict.reward("-0", p("0"))).isEqualTo(0.0);
        assertThat(strict.reward("0", p("0"))).isEqualTo(1.0);
        assertThat(strict.reward(" 168 ", p("168"))).isEqualTo(1.0);
    }

    @Test
    void hugeNumbersCompareExactly() {
        String big = "123456789012345678901234567890";
        assertThat(lenient.reward(big, p(big))).isEqualTo(1.0);
        assertThat(lenient.reward(big + "1", p(big))).isEqualTo(0.0);
        assertThat(lenient.reward("9".repeat(5000), p("9"))).isEqualTo(0.0);
    }

    @Test
    void nonAsciiDigitsAndEmptyOutputAreWrong() {
        assertThat(lenient.reward("١٦٨", p("168"))).isEqualTo(0.0); // Arabic-Indic digits
        assertThat(lenient.reward("１６８", p("168"))).isEqualTo(0.0); // full-width digits
        assertThat(lenient.reward("", p("0"))).isEqualTo(0.0);
        assertThat(lenient.reward("-", p("0"))).isEqualTo(0.0);
    }

    @Test
    void unreadableReferenceScoresZero() {
        assertThat(lenient.reward("1", p("one"))).isEqualTo(0.0);
    }
}
