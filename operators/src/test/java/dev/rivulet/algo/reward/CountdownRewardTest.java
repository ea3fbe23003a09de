package dev.rivulet.algo.reward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.protocol.Prompt;
import org.junit.jupiter.api.Test;

class CountdownRewardTest {

    private final RewardFunction reward = RewardFunctions.create("countdown");
    private final Prompt p = RewardTestSupport.prompt("countdown", "cd 3 7 25 46=", "25+3*7");

    @Test
    void validExpressionsReachTheTarget() {
        assertThat(reward.reward("25+3*7", p)).isEqualTo(1.0);
        assertThat(reward.reward(" 3 * 7 + 25 ", p)).isEqualTo(1.0);
        assertThat(reward.reward("(7*3)+25", p)).isEqualTo(1.0);
        assertThat(reward.reward("7×3+25", p)).isEqualTo(1.0);
        assertThat(reward.reward("25+3*7=46", p)).isEqualTo(1.0);
        assertThat(reward.reward("25+3*7 = 47", p)).isEqualTo(0.0);
        assertThat(reward.reward("25+3*7=46=46", p)).isEqualTo(0.0);
    }

    @Test
    void divisionIsExactAndDivisionByZeroIsWrong() {
        Prompt half = RewardTestSupport.prompt("countdown", "cd 2 4 8 3=", "");
        assertThat(reward.reward("(8+4)/(2*2)", half)).isEqualTo(0.0); // 2 used twice
        assertThat(reward.reward("(8+4)/4", half)).isEqualTo(0.0); // 4 used twice
        assertThat(reward.reward("(2+4)/8*4", half)).isEqualTo(0.0); // 4 twice, 3
        Prompt exact = RewardTestSupport.prompt("countdown", "cd 3 4 6 2=", "");
        assertThat(reward.reward("3/6*4", exact)).isEqualTo(1.0); // rational 1/2 * 4
        assertThat(reward.reward("4/(3-3)", exact)).isEqualTo(0.0);
        assertThat(reward.reward("4/(6-6)", exact)).isEqualTo(0.0);
        Prompt zero = RewardTestSupport.prompt("countdown", "cd 5 5 2 2=", "");
        assertThat(reward.reward("2/(5-5)", zero)).isEqualTo(0.0); // division by zero
        assertThat(reward.reward("2", zero)).isEqualTo(1.0); // at most once, not all
        Prompt third = RewardTestSupport.prompt("countdown", "cd 1 3 3 1=", "");
        assertThat(reward.reward("1/3*3", third)).isEqualTo(1.0); // no rounding
    }

    @Test
    void numbersMustBeGivenAndUsedAtMostOnce() {
        assertThat(reward.reward("25+21", p)).isEqualTo(0.0); // 21 is not given
        assertThat(reward.reward("46", p)).isEqualTo(0.0); // the target is not a number
        assertThat(reward.reward("7*7-3", p)).isEqualTo(0.0); // 7 twice
        assertThat(reward.reward("025+3*7", p)).isEqualTo(0.0); // leading zero
        Prompt twice = RewardTestSupport.prompt("countdown", "cd 7 7 3 46=", "");
        assertThat(reward.reward("7*7-3", twice)).isEqualTo(1.0); // given twice
    }

    @Test
    void useAllOptionRequiresEveryNumber() {
        RewardFunction all = new CountdownReward(true);
        Prompt q = RewardTestSupport.prompt("countdown", "cd 2 3 4 10=", "");
        assertThat(reward.reward("2*3+4", q)).isEqualTo(1.0);
        assertThat(all.reward("2*3+4", q)).isEqualTo(1.0);
        Prompt r = RewardTestSupport.prompt("countdown", "cd 2 3 4 6=", "");
        assertThat(reward.reward("2*3", r)).isEqualTo(1.0);
        assertThat(all.reward("2*3", r)).isEqualTo(0.0);
    }

    @Test
    void unsupportedSyntaxIsWrong() {
        assertThat(reward.reward("-3+49", p)).isEqualTo(0.0); // unary minus
        assertThat(reward.reward("25+3**7", p)).isEqualTo(0.0);
        assertThat(reward.reward("25+3^2", p)).isEqualTo(0.0);
        assertThat(reward.reward("25+3*7)", p)).isEqualTo(0.0);
        assertThat(reward.reward("(25+3*7", p)).isEqualTo(0.0);
        assertThat(reward.reward("25+3(7)", p)).isEqualTo(0.0);
        assertThat(reward.reward("25.0+3*7", p)).isEqualTo(0.0);
        assertThat(reward.reward("25 + 3 * 7; System.exit(1)", p)).isEqualTo(0.0);
        assertThat(reward.reward("２５+3*7", p)).isEqualTo(0.0); // full-width digits
        assertThat(reward.reward("99999999999999999999", p)).isEqualTo(0.0);
        assertThat(reward.reward("(".repeat(40) + "46" + ")".repeat(40), p)).isEqualTo(0.0);
    }

    @Test
    void hugeIntermediateValuesStayExact() {
        Prompt big =
                RewardTestSupport.prompt(
                        "countdown", "cd 999999999 999999999 999999999 999999999 1=", "");
        assertThat(reward.reward("999999999*999999999/999999999/999999999", big)).isEqualTo(1.0);
        assertThat(reward.reward("999999999*999999999-999999999", big)).isEqualTo(0.0);
    }

    @Test
    void unreadablePromptScoresZero() {
        Prompt noNumbers = RewardTestSupport.prompt("countdown", "reach it", "1+1");
        assertThat(reward.reward("1+1", noNumbers)).isEqualTo(0.0);
    }
}
