package dev.rivulet.algo.shape;

import static dev.rivulet.algo.shape.ShapingTestData.PROMPT;
import static dev.rivulet.algo.shape.ShapingTestData.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.algo.reward.RewardFunction;
import dev.rivulet.algo.reward.RewardFunctions;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Prompt;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PosteriorShaperTest {

    /** Numbers 3, 4, 6; target 2. */
    private static final Prompt CD = new Prompt("c", "countdown", 3, "cd 3 4 6 2=", "6/3");

    private static final RewardFunction COUNTDOWN = RewardFunctions.create("countdown");

    private final RewardShaper shaper = RewardShapers.registry().create("posterior");

    /** Countdown responses scored by the real countdown reward. */
    private static ShapingGroup countdown(String... texts) {
        List<ShapingSample> samples = new ArrayList<>();
        for (String t : texts) {
            samples.add(sample(COUNTDOWN.reward(t, CD), t.length(), 0, t));
        }
        return new ShapingGroup(CD, samples);
    }

    @Test
    void processCountsOnlyOnCorrectAnswers() {
        // "6/3" = 2, correct; one step (2) clean → process 1 → r = 1 + 1·1 = 2
        // "3/6*4" = 2, correct; 3/6 = 1/2 not whole, 1/2·4 = 2 → process 1/2 → r = 1.5
        // "4-3" = 1, wrong; its step is clean (process 1) but not counted → r = 0
        // "x" unreadable → process 0, r = 0
        ShapedRewards s = shaper.shape(countdown("6/3", "3/6*4", "4-3", "x"));
        assertThat(s.rewards()).containsExactly(2.0, 1.5, 0.0, 0.0);
        assertThat(s.parts().get(2)).containsEntry(PosteriorShaper.PROCESS, 1.0);
        assertThat(s.parts().get(1)).containsEntry(PosteriorShaper.PROCESS, 0.5);
        // w = 0.5: 1 + 0.5·1 = 1.5 and 1 + 0.5·0.5 = 1.25
        RewardShaper half =
                RewardShapers.registry().create("posterior", StrategyOptions.of("weight", "0.5"));
        assertThat(half.shape(countdown("6/3", "3/6*4", "4-3")).rewards())
                .containsExactly(1.5, 1.25, 0.0);
    }

    @Test
    void otherTasksKeepTheirTaskReward() {
        ShapingGroup g =
                new ShapingGroup(PROMPT, List.of(sample(1, 2, 0, "46"), sample(0, 2, 0, "45")));
        ShapedRewards s = shaper.shape(g);
        assertThat(s.rewards()).containsExactly(1.0, 0.0);
        assertThat(s.parts().get(0)).containsEntry(PosteriorShaper.PROCESS, 0.0);
    }

    @Test
    void degenerateGroups() {
        // a group of one correct answer: 1 + 1
        assertThat(shaper.shape(countdown("6-4")).rewards()).containsExactly(2.0);
        // all equal: the same reward each (GRPO gives them all 0)
        assertThat(shaper.shape(countdown("3/6*4", "3/6*4")).rewards()).containsExactly(1.5, 1.5);
        // empty response: wrong, no process
        ShapedRewards empty = shaper.shape(countdown(""));
        assertThat(empty.rewards()).containsExactly(0.0);
        assertThat(empty.parts().get(0)).containsEntry(PosteriorShaper.PROCESS, 0.0);
    }

    @Test
    void aNegativeWeightIsRefused() {
        assertThatThrownBy(() -> new PosteriorShaper(-1))
                .hasMessageContaining("weight must be finite and >= 0, got -1.0");
    }
}
