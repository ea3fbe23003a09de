package dev.rivulet.algo.reward;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link RewardFunction#answer}: each function's canonical final answer, read without a label. */
class AnswerExtractionTest {

    @Test
    void arithReadsTheIntegerLeniently() {
        RewardFunction arith = RewardFunctions.create("arith");
        assertThat(arith.answer(" +046 ")).isEqualTo("46");
        assertThat(arith.answer("-0")).isEqualTo("0");
        assertThat(arith.answer("46 apples")).isNull();
        assertThat(arith.answer("")).isNull();
        assertThat(arith.answer(null)).isNull();
    }

    @Test
    void gsm8kAndBoxedCompareNumbersAsDecimals() {
        RewardFunction gsm8k = RewardFunctions.create("gsm8k");
        assertThat(gsm8k.answer("3 + 4 = 7 #### 72.0")).isEqualTo("72");
        assertThat(gsm8k.answer("it is 1,234")).isEqualTo("1234");
        assertThat(gsm8k.answer("0.0")).isEqualTo("0");
        assertThat(gsm8k.answer("no number")).isNull();
        RewardFunction boxed = RewardFunctions.create("boxed");
        assertThat(boxed.answer("so \\boxed{72.50}")).isEqualTo("72.5");
        assertThat(boxed.answer("\\boxed{\\dfrac{1}{2}}")).isEqualTo("\\frac{1}{2}");
        assertThat(boxed.answer("\\boxed{ }")).isNull();
        assertThat(boxed.answer("72")).isNull();
    }

    @Test
    void sortKeepsTheOrderGiven() {
        RewardFunction sort = RewardFunctions.create("sort");
        assertThat(sort.answer("[4, 17,31]")).isEqualTo("4 17 31");
        assertThat(sort.answer("17 4")).isEqualTo("17 4");
        assertThat(sort.answer("[]")).isNull();
        assertThat(sort.answer("4 x")).isNull();
    }

    @Test
    void countdownAnswersWithTheValueReached() {
        RewardFunction countdown = RewardFunctions.create("countdown");
        assertThat(countdown.answer("25+3*7")).isEqualTo("46");
        assertThat(countdown.answer("3*7+25=46")).isEqualTo("46");
        assertThat(countdown.answer("3/6")).isEqualTo("1/2");
        // a claim that is not the value, an unreadable claim, garbage: no answer
        assertThat(countdown.answer("25+3*7=45")).isNull();
        assertThat(countdown.answer("25+3*7=x")).isNull();
        assertThat(countdown.answer("25+")).isNull();
        assertThat(countdown.answer("")).isNull();
    }

    @Test
    void exactIsTheTrimmedText() {
        assertThat(RewardFunctions.create("exact").answer("  Paris ")).isEqualTo("Paris");
        assertThat(new ExactReward(true).answer("Paris")).isEqualTo("paris");
        assertThat(RewardFunctions.create("exact").answer("  ")).isNull();
    }

    @Test
    void countdownStepsCountCleanIntermediateValues() {
        // 3*7 = 21, 25 + 21 = 46: both positive whole numbers → 1
        assertThat(CountdownSteps.cleanShare("25+3*7")).isEqualTo(1.0);
        // 3 − 7 = −4 (not positive), −4 + 25 = 21 → 1/2
        assertThat(CountdownSteps.cleanShare("3-7+25")).isEqualTo(0.5);
        // 3/6 = 1/2 (not whole), 1/2 · 4 = 2 → 1/2; the claim does not count as a step
        assertThat(CountdownSteps.cleanShare("3/6*4=2")).isEqualTo(0.5);
        // (7 − 7) = 0, 0 · 25 = 0, 0 + 3 = 3 → 1/3
        assertThat(CountdownSteps.cleanShare("(7-7)*25+3")).isEqualTo(1.0 / 3);
        // no operation, unreadable, empty: NaN
        assertThat(CountdownSteps.cleanShare("46")).isNaN();
        assertThat(CountdownSteps.cleanShare("25+")).isNaN();
        assertThat(CountdownSteps.cleanShare("")).isNaN();
    }
}
