package dev.rivulet.algo.reward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.protocol.Prompt;
import org.junit.jupiter.api.Test;

class Gsm8kRewardTest {

    private final RewardFunction reward = RewardFunctions.create("gsm8k");
    private final Prompt p = RewardTestSupport.prompt("gsm8k", "q", "1234");

    @Test
    void markerWinsOverLastNumber() {
        assertThat(reward.reward("She has 3 apples.\n#### 1234", p)).isEqualTo(1.0);
        assertThat(reward.reward("#### 1234 because 5 + 6", p)).isEqualTo(1.0);
        assertThat(reward.reward("#### 12 #### 1234", p)).isEqualTo(1.0);
        assertThat(reward.reward("1234 is wrong, #### 5", p)).isEqualTo(0.0);
        assertThat(reward.reward("1234 ####", p)).isEqualTo(0.0); // declared but empty
    }

    @Test
    void lastNumberWithoutMarker() {
        assertThat(reward.reward("3 + 1231 = 1234", p)).isEqualTo(1.0);
        assertThat(reward.reward("The answer is $1,234.", p)).isEqualTo(1.0);
        assertThat(reward.reward("1234 then 5", p)).isEqualTo(0.0);
        assertThat(reward.reward("no numbers here", p)).isEqualTo(0.0);
    }

    @Test
    void numericComparison() {
        assertThat(reward.reward("#### 1234.00", p)).isEqualTo(1.0);
        assertThat(reward.reward("#### 1,234", p)).isEqualTo(1.0);
        assertThat(reward.reward("#### 01234", p)).isEqualTo(1.0);
        assertThat(reward.reward("#### 1234.5", p)).isEqualTo(0.0);
        assertThat(reward.reward("#### -1234", p)).isEqualTo(0.0);
        Prompt negative = RewardTestSupport.prompt("gsm8k", "q", "-7");
        assertThat(reward.reward("it drops by #### -7", negative)).isEqualTo(1.0);
    }

    @Test
    void referenceMayBeAFullSolution() {
        Prompt full = RewardTestSupport.prompt("gsm8k", "q", "48/2 = <<48/2=24>>24\n#### 72");
        assertThat(reward.reward("72", full)).isEqualTo(1.0);
        assertThat(reward.reward("24", full)).isEqualTo(0.0);
    }

    @Test
    void unicodeAndHugeNumbers() {
        assertThat(reward.reward("#### ١٢٣٤", p)).isEqualTo(0.0);
        String big = "9".repeat(500);
        assertThat(reward.reward("#### " + big, RewardTestSupport.prompt("gsm8k", "q", big)))
                .isEqualTo(1.0);
    }
}
