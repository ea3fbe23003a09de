package dev.rivulet.algo.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UniformSelectorTest {

    private final PromptSelector selector = PromptSelectors.registry().create("uniform");
    private final SplittableRandom rng = new SplittableRandom(1);

    private static List<Candidate> pool(int n) {
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Candidate.of("p" + i));
        }
        return out;
    }

    @Test
    void eachEpochServesEveryPromptOnce() {
        List<Candidate> pool = pool(10);
        SelectorState state = SelectorState.start(77);
        List<String> served = new ArrayList<>();
        for (int call = 0; call < 10; call++) {
            Selection s = selector.select(pool, 3, state, rng);
            assertThat(s.promptIds()).hasSize(3).doesNotHaveDuplicates();
            served.addAll(s.promptIds());
            state = s.next();
        }
        // 30 picks = 3 epochs of 10: every prompt exactly three times
        Map<String, Integer> counts = new HashMap<>();
        served.forEach(id -> counts.merge(id, 1, Integer::sum));
        assertThat(counts).hasSize(10).allSatisfy((id, c) -> assertThat(c).isEqualTo(3));
        assertThat(served.subList(0, 10)).doesNotHaveDuplicates();
        assertThat(served.subList(10, 20)).doesNotHaveDuplicates();
        // the 30th pick ends epoch 2; the next call opens epoch 3
        assertThat(state.epoch()).isEqualTo(2);
        assertThat(selector.select(pool, 1, state, rng).next().epoch()).isEqualTo(3);
        // epochs are shuffled differently
        assertThat(served.subList(0, 10)).isNotEqualTo(served.subList(10, 20));
    }

    @Test
    void sameSeedSameOrderAndPoolOrderDoesNotMatter() {
        List<Candidate> pool = pool(20);
        List<Candidate> reversed = new ArrayList<>(pool);
        java.util.Collections.reverse(reversed);
        Selection a = selector.select(pool, 20, SelectorState.start(5), rng);
        Selection b = selector.select(reversed, 20, SelectorState.start(5), rng);
        Selection c = selector.select(pool, 20, SelectorState.start(6), rng);
        assertThat(a.promptIds()).isEqualTo(b.promptIds());
        assertThat(a.promptIds()).isNotEqualTo(c.promptIds());
    }

    @Test
    void aSmallPoolGivesEachPromptOncePerCall() {
        Selection s = selector.select(pool(3), 8, SelectorState.start(1), rng);
        assertThat(s.promptIds()).hasSize(3).doesNotHaveDuplicates();
        assertThat(selector.select(List.of(), 8, SelectorState.start(1), rng).promptIds())
                .isEmpty();
    }

    @Test
    void promptsJoiningMidEpochDoNotDisturbTheOthers() {
        List<Candidate> pool = pool(10);
        Selection first = selector.select(pool, 4, SelectorState.start(3), rng);
        List<Candidate> grown = new ArrayList<>(pool);
        grown.add(Candidate.of("new"));
        Selection rest = selector.select(grown, 7, first.next(), rng);
        List<String> epoch = new ArrayList<>(first.promptIds());
        epoch.addAll(rest.promptIds());
        // the old prompts are each served exactly once across the epoch
        assertThat(epoch).doesNotHaveDuplicates();
        assertThat(epoch).containsAll(pool.stream().map(Candidate::promptId).toList());
    }

    @Test
    void duplicateIdsFail() {
        assertThatThrownBy(
                        () ->
                                selector.select(
                                        List.of(Candidate.of("a"), Candidate.of("a")), 1, rng))
                .hasMessageContaining("appears twice");
    }
}
