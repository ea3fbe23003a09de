package dev.rivulet.algo.shape;

import static dev.rivulet.algo.shape.ShapingTestData.PROMPT;
import static dev.rivulet.algo.shape.ShapingTestData.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Prompt;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartialCreditShaperTest {

    private final RewardShaper subset = RewardShapers.registry().create("partial-credit");
    private final RewardShaper overlap =
            RewardShapers.registry()
                    .create("partial-credit", StrategyOptions.of("mode", "overlap"));

    /** Responses to "12+34=" (answer 46), each scored 1 if it is "46" and 0 otherwise. */
    private static ShapingGroup answers(Prompt prompt, String... texts) {
        List<ShapingSample> samples = new ArrayList<>();
        for (String t : texts) {
            samples.add(sample(t.strip().equals(prompt.answer()) ? 1 : 0, t.length(), 0, t));
        }
        return new ShapingGroup(prompt, samples);
    }

    @Test
    void subsetCreditComputedByHand() {
        // reference 46 = {units 6, tens 4}:
        // "46" correct → 1 (kept); "6" = {units 6} ⊆ → 1/2; "40": units 0 ∉ → 0;
        // "146": hundreds 1 ∉ → 0; "-46": the sign's place ∉ → 0; "x" unreadable → 0
        ShapedRewards s = subset.shape(answers(PROMPT, "46", "6", "40", "146", "-46", "x"));
        assertThat(s.rewards()).containsExactly(1.0, 0.5, 0.0, 0.0, 0.0, 0.0);
        assertThat(s.parts().get(0)).containsEntry(PartialCreditShaper.PART, 0.0);
        assertThat(s.parts().get(1)).containsEntry(PartialCreditShaper.PART, 0.5);
    }

    @Test
    void overlapCreditComputedByHand() {
        // "40": tens agree → 1/max(2,2) = 0.5; "146": units and tens agree → 2/max(3,2) = 2/3;
        // "-46": 2/max(3,2) = 2/3; "6": 1/max(1,2) = 0.5; "75": 0
        ShapedRewards s = overlap.shape(answers(PROMPT, "40", "146", "-46", "6", "75"));
        assertThat(s.reward(0)).isEqualTo(0.5);
        assertThat(s.reward(1)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(s.reward(2)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(s.reward(3)).isEqualTo(0.5);
        assertThat(s.reward(4)).isZero();
    }

    @Test
    void aWrongAnswerNeverEarnsWhatARightOneDoes() {
        // the reference in a form the task rejects (say a strict reward refusing "046"): equal by
        // place, judged wrong → 0, not 1
        ShapingGroup g =
                new ShapingGroup(PROMPT, List.of(sample(0, 3, 0, "046"), sample(0, 2, 0, "4")));
        assertThat(subset.shape(g).rewards()).containsExactly(0.0, 0.0);
        assertThat(overlap.shape(g).rewards()).containsExactly(0.0, 0.0);
        // the best partial credit of a k-digit answer is (k − 1)/k: 9 of 10 digits
        Prompt big = new Prompt("b", "arith", 1, "x=", "1234567890");
        assertThat(subset.shape(answers(big, "234567890")).reward(0)).isEqualTo(0.9);
    }

    @Test
    void degenerateGroups() {
        // all equal: every sample "6" gets 1/2 (GRPO then gives them all 0)
        assertThat(subset.shape(answers(PROMPT, "6", "6", "6")).rewards())
                .containsExactly(0.5, 0.5, 0.5);
        // a group of one empty response: unreadable → 0
        assertThat(subset.shape(answers(PROMPT, "")).rewards()).containsExactly(0.0);
        // a reference that is not an integer: no partial credit, task rewards kept
        Prompt sort = new Prompt("s", "sort", 1, "sort 3 1=", "1 3");
        assertThat(subset.shape(answers(sort, "1", "1 3")).rewards()).containsExactly(0.0, 1.0);
    }
}
