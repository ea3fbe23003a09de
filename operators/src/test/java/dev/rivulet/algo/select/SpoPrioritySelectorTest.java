package dev.rivulet.algo.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpoPrioritySelectorTest {

    private final SpoPrioritySelector selector =
            (SpoPrioritySelector) PromptSelectors.registry().create("spo-priority");

    @Test
    void weightIsSqrtOfBernoulliVariancePlusFloor() {
        assertThat(selector.weight(0.0)).isEqualTo(0.05);
        assertThat(selector.weight(1.0)).isEqualTo(0.05);
        assertThat(selector.weight(0.5)).isEqualTo(0.55);
        assertThat(selector.weight(0.2)).isCloseTo(0.4 + 0.05, within(1e-15));
    }

    @Test
    void singleDrawFrequenciesFollowTheWeights() {
        List<Candidate> pool =
                List.of(
                        Candidate.ofValue("a", 0.5),
                        Candidate.ofValue("b", 0.0),
                        Candidate.ofValue("c", 0.2));
        double total = 0.55 + 0.05 + 0.45;
        int[] counts = new int[3];
        SplittableRandom rng = new SplittableRandom(17);
        int draws = 30_000;
        for (int i = 0; i < draws; i++) {
            String id = selector.select(pool, 1, rng).promptIds().get(0);
            counts[id.charAt(0) - 'a']++;
        }
        assertThat(counts[0] / (double) draws).isCloseTo(0.55 / total, within(0.015));
        assertThat(counts[1] / (double) draws).isCloseTo(0.05 / total, within(0.015));
        assertThat(counts[2] / (double) draws).isCloseTo(0.45 / total, within(0.015));
    }

    @Test
    void withoutReplacementWhenThePoolIsLargeEnough() {
        List<Candidate> pool = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            pool.add(Candidate.ofValue("p" + i, i / 49.0));
        }
        Selection s = selector.select(pool, 50, new SplittableRandom(3));
        assertThat(s.promptIds()).hasSize(50).doesNotHaveDuplicates();
        Selection again = selector.select(pool, 20, new SplittableRandom(3));
        assertThat(again.promptIds())
                .isEqualTo(selector.select(pool, 20, new SplittableRandom(3)).promptIds());
    }

    @Test
    void withReplacementWhenThePoolIsSmallerThanM() {
        List<Candidate> pool = List.of(Candidate.ofValue("a", 0.5), Candidate.ofValue("b", 1.0));
        Selection s = selector.select(pool, 9, new SplittableRandom(3));
        assertThat(s.promptIds()).hasSize(9).isSubsetOf("a", "b");
        assertThat(selector.select(List.of(), 4, new SplittableRandom(3)).promptIds()).isEmpty();
    }
}
