package dev.rivulet.algo.reward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.protocol.Prompt;
import org.junit.jupiter.api.Test;

class BoxedRewardTest {

    private final RewardFunction reward = RewardFunctions.create("boxed");

    private static Prompt p(String answer) {
        return RewardTestSupport.prompt("boxed", "q", answer);
    }

    @Test
    void lastBoxWithNestedBraces() {
        Prompt frac = p("\\frac{1}{2}");
        assertThat(reward.reward("so \\boxed{\\frac{1}{2}}", frac)).isEqualTo(1.0);
        assertThat(reward.reward("\\boxed{3} no, \\boxed{\\dfrac{1}{2}}", frac)).isEqualTo(1.0);
        assertThat(reward.reward("\\boxed{\\frac{1}{2}} no, \\boxed{3}", frac)).isEqualTo(0.0);
        assertThat(reward.reward("\\frac{1}{2}", frac)).isEqualTo(0.0); // no box
        assertThat(reward.reward("\\boxed{\\frac{1}{2}", frac)).isEqualTo(0.0); // unclosed
    }

    @Test
    void normalisation() {
        assertThat(reward.reward("$\\boxed{ 72 }$.", p("72"))).isEqualTo(1.0);
        assertThat(reward.reward("\\boxed{72.}", p("72"))).isEqualTo(1.0);
        assertThat(reward.reward("\\boxed{72.0}", p("72"))).isEqualTo(1.0);
        assertThat(reward.reward("\\boxed{1,000}", p("1000"))).isEqualTo(1.0);
        assertThat(reward.reward("\\boxed{90^\\circ}", p("90"))).isEqualTo(1.0);
        assertThat(reward.reward("\\boxed{\\text{(B)}}", p("(B)"))).isEqualTo(1.0);
        assertThat(reward.reward("\\boxed{\\left( 1, 2 \\right)}", p("(1,2)"))).isEqualTo(1.0);
        assertThat(reward.reward("\\boxed{(1,3)}", p("(1,2)"))).isEqualTo(0.0);
    }

    @Test
    void referenceMayItselfBeBoxed() {
        assertThat(reward.reward("\\boxed{5}", p("The answer is \\boxed{5}."))).isEqualTo(1.0);
    }

    @Test
    void emptyBoxesNeverMatch() {
        assertThat(reward.reward("\\boxed{}", p(""))).isEqualTo(0.0);
        assertThat(reward.reward("\\boxed{ }", p(" "))).isEqualTo(0.0);
    }

    @Test
    void unicodeContentComparesAsText() {
        assertThat(reward.reward("\\boxed{π/2}", p("π/2"))).isEqualTo(1.0);
        assertThat(reward.reward("\\boxed{٥}", p("5"))).isEqualTo(0.0);
    }
}
