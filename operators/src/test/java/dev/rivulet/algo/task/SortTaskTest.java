package dev.rivulet.algo.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.algo.reward.RewardFunctions;
import dev.rivulet.protocol.Prompt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SortTaskTest {

    @Test
    void answerIsTheSortedListAndLengthIsTheDifficulty() {
        SortTask task = new SortTask(99);
        SplittableRandom random = new SplittableRandom(11);
        for (int d = 3; d <= 12; d++) {
            for (int i = 0; i < 100; i++) {
                Prompt p = task.generate(d, random);
                assertThat(p.text()).matches("sort( [0-9]{1,2}){" + d + "}=");
                assertThat(p.answer().split(" ")).hasSize(d);
                assertThat(RewardFunctions.create("sort").reward(p.answer(), p)).isEqualTo(1.0);
                assertThat(p.id()).isEqualTo(PromptIds.of("sort", p.text()));
            }
        }
    }

    @Test
    void example() {
        Prompt p = new SortTask(9).generate(3, new SplittableRandom(2));
        assertThat(p.text()).matches("sort [0-9] [0-9] [0-9]=");
    }
}
