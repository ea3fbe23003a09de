package dev.rivulet.algo.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Prompt;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskRegistryTest {

    private final TaskRegistry registry = TaskRegistry.builtIn();

    @Test
    void taskIdsResolveToGeneratorsAndRewards() {
        assertThat(registry.generatorIds()).contains("arith", "countdown", "sort");
        assertThat(registry.taskIds())
                .contains("arith", "boxed", "countdown", "exact", "gsm8k", "sort");
        assertThat(registry.rewardId("arith")).isEqualTo("arith");
        assertThat(registry.rewardId("countdown")).isEqualTo("countdown");
        assertThat(registry.rewardId("gsm8k")).isEqualTo("gsm8k");
        assertThat(registry.isKnown("boxed")).isTrue();
        assertThat(registry.isKnown("math")).isFalse();
    }

    @Test
    void generatedAnswersEarnFullRewardFromTheirTasksReward() {
        for (String task : registry.generatorIds()) {
            TaskGenerator g = registry.generator(task);
            for (Prompt p : registry.heldOut(task, g.minDifficulty(), 20, 1)) {
                assertThat(registry.reward(task).reward(p.answer(), p)).isEqualTo(1.0);
            }
        }
    }

    @Test
    void unknownTasksAndOptionsFailListingWhatIsKnown() {
        assertThatThrownBy(() -> registry.rewardId("math"))
                .hasMessageContaining("unknown task 'math'")
                .hasMessageContaining("arith, boxed, countdown, exact, gsm8k, sort");
        assertThatThrownBy(() -> registry.generator("exact"))
                .hasMessageContaining("arith, countdown, sort");
        assertThatThrownBy(() -> registry.generator("sort", StrategyOptions.of("max", "9")))
                .hasMessageContaining("[max]")
                .hasMessageContaining("max-value");
    }

    @Test
    void heldOutSetsAreFixedPerDifficulty() {
        List<Prompt> a = registry.heldOut("sort", 4, 30, 9);
        assertThat(a).hasSize(30).allMatch(p -> p.difficulty() == 4);
        assertThat(registry.heldOut("sort", 4, 30, 9)).isEqualTo(a);
    }
}
