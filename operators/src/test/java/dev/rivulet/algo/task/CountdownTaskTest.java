package dev.rivulet.algo.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.algo.reward.CountdownReward;
import dev.rivulet.algo.reward.RewardFunction;
import dev.rivulet.protocol.Prompt;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CountdownTaskTest {

    @Test
    void everyInstanceIsSolvedByItsAnswerUsingAllNumbers() {
        CountdownTask task = new CountdownTask(25, 100);
        RewardFunction useAll = new CountdownReward(true);
        SplittableRandom random = new SplittableRandom(3);
        for (int d = 2; d <= 5; d++) {
            for (int i = 0; i < 300; i++) {
                Prompt p = task.generate(d, random);
                assertThat(p.text()).startsWith("cd ").endsWith("=");
                long[] numbers =
                        Arrays.stream(p.text().substring(3, p.text().length() - 1).split(" "))
                                .mapToLong(Long::parseLong)
                                .toArray();
                assertThat(numbers).hasSize(d + 1);
                long target = numbers[d];
                long[] given = Arrays.copyOf(numbers, d);
                assertThat(given).isSorted();
                assertThat(Arrays.stream(given).allMatch(n -> n >= 1 && n <= 25)).isTrue();
                assertThat(target).isBetween(1L, 100L);
                assertThat(given).doesNotContain(target);
                assertThat(useAll.reward(p.answer(), p))
                        .as(p.text() + " " + p.answer())
                        .isEqualTo(1.0);
                assertThat(p.difficulty()).isEqualTo(d);
            }
        }
    }

    @Test
    void deterministicFromTheRandomState() {
        CountdownTask task = new CountdownTask(25, 100);
        assertThat(task.generate(4, new SplittableRandom(9)))
                .isEqualTo(task.generate(4, new SplittableRandom(9)));
    }

    @Test
    void shortEnoughForASmallContext() {
        CountdownTask task = new CountdownTask(25, 100);
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 300; i++) {
            Prompt p = task.generate(3, random);
            assertThat(p.text().length() + p.answer().length()).isLessThanOrEqualTo(32);
        }
    }
}
