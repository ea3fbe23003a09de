package dev.rivulet.algo.reward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.protocol.Prompt;
import org.junit.jupiter.api.Test;

class SortRewardTest {

    private final RewardFunction reward = RewardFunctions.create("sort");
    private final Prompt p = RewardTestSupport.prompt("sort", "sort 31 4 17 4=", "4 4 17 31");

    @Test
    void sameMultisetAscending() {
        assertThat(reward.reward("4 4 17 31", p)).isEqualTo(1.0);
        assertThat(reward.reward("  4  4\t17 31 ", p)).isEqualTo(1.0);
        assertThat(reward.reward("4,4,17,31", p)).isEqualTo(1.0);
        assertThat(reward.reward("[4, 4, 17, 31]", p)).isEqualTo(1.0);
    }

    @Test
    void wrongOrderMissingOrExtraItemsAreWrong() {
        assertThat(reward.reward("4 17 4 31", p)).isEqualTo(0.0);
        assertThat(reward.reward("31 17 4 4", p)).isEqualTo(0.0);
        assertThat(reward.reward("4 17 31", p)).isEqualTo(0.0); // duplicate dropped
        assertThat(reward.reward("4 4 17 31 31", p)).isEqualTo(0.0);
        assertThat(reward.reward("4 4 17 31 x", p)).isEqualTo(0.0);
        assertThat(reward.reward("4 4 17 3 1", p)).isEqualTo(0.0);
        assertThat(reward.reward("", p)).isEqualTo(0.0);
    }

    @Test
    void referenceNeedNotBeSorted() {
        Prompt unsorted = RewardTestSupport.prompt("sort", "sort 3 1 2=", "3 1 2");
        assertThat(reward.reward("1 2 3", unsorted)).isEqualTo(1.0);
        assertThat(reward.reward("3 1 2", unsorted)).isEqualTo(0.0);
    }

    @Test
    void negativeAndHugeNumbers() {
        String big = "1" + "0".repeat(40);
        Prompt q = RewardTestSupport.prompt("sort", "sort", big + " -5 7");
        assertThat(reward.reward("-5 7 " + big, q)).isEqualTo(1.0);
    }
}
