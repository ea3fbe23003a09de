package dev.rivulet.algo.reward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.protocol.Prompt;
import org.junit.jupiter.api.Test;

/** The per-rank hits the {@code rank} advantage reads from the sort reward. */
class SortRewardListHitsTest {

    private final SortReward reward = new SortReward();
    private final Prompt p = RewardTestSupport.prompt("sort", "sort 31 4 17 4=", "4 4 17 31");

    @Test
    void rankKHitsWhenItsItemIsTheSortedReferencesKth() {
        // sorted reference 4 4 17 31; "4 17 4 31" is right at ranks 0 and 3 only
        ListHits h = reward.listHits("4 17 4 31", p);
        assertThat(h.hits()).containsExactly(1, 0, 0, 1);
        assertThat(h.items()).isEqualTo(4);
        // a separator belongs to the item before it: "4 " item 0, "17 " item 1, ...
        assertThat(h.itemOfChar()).containsExactly(0, 0, 1, 1, 1, 2, 2, 3, 3);
        assertThat(reward.listHits("4 4 17 31", p).hits()).containsExactly(1, 1, 1, 1);
    }

    @Test
    void bracketsCommasAndJunkItems() {
        ListHits h = reward.listHits("[4, x, 17]", p);
        // "[" before the first item counts as item 0; "x" is a miss that spoils nothing else
        assertThat(h.itemOfChar()).containsExactly(0, 0, 0, 0, 1, 1, 1, 2, 2, 2);
        assertThat(h.hits()).containsExactly(1, 0, 1, 0);
        assertThat(h.items()).isEqualTo(3);
    }

    @Test
    void shortLongAndEmptyResponses() {
        ListHits longer = reward.listHits("4 4 17 31 50", p);
        assertThat(longer.items()).isEqualTo(5);
        assertThat(longer.hits()).containsExactly(1, 1, 1, 1);
        assertThat(longer.itemOfChar()[longer.itemOfChar().length - 1]).isEqualTo(4);
        ListHits empty = reward.listHits("", p);
        assertThat(empty.items()).isZero();
        assertThat(empty.hits()).containsExactly(0, 0, 0, 0);
        assertThat(empty.itemOfChar()).isEmpty();
        ListHits blank = reward.listHits("  ", p);
        assertThat(blank.items()).isZero();
        assertThat(blank.itemOfChar()).containsExactly(0, 0);
        assertThat(reward.listHits(null, p).items()).isZero();
    }

    @Test
    void anUnreadableReferenceHasNoRanks() {
        Prompt bad = RewardTestSupport.prompt("sort", "sort 1=", "one");
        ListHits h = reward.listHits("1", bad);
        assertThat(h.hits()).isEmpty();
        assertThat(h.items()).isEqualTo(1);
    }
}
