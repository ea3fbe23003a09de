package dev.rivulet.tools.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Presets and the flags that override them. */
class ComparePresetTest {

    @Test
    void allocatorsRunsThreeArmsThreeSeedsOnAFineGrid() {
        ComparePreset p = ComparePreset.of("allocators");
        assertThat(Arms.select(p.arms()).stream().map(Arm::name))
                .containsExactly("uniform-grpo", "knapsack-grpo", "spo");
        assertThat(p.seeds()).isEqualTo(3);
        assertThat(p.evalEvery()).isLessThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(p.sync()).isFalse();
    }

    @Test
    void explicitFlagsOverrideThePreset() {
        ComparePreset p =
                ComparePreset.ALLOCATORS.with(
                        null, 2, 10_000L, null, 50, Duration.ofSeconds(10), true);
        assertThat(p.arms()).isEqualTo(ComparePreset.ALLOCATORS.arms());
        assertThat(p.seeds()).isEqualTo(2);
        assertThat(p.rollouts()).isEqualTo(10_000L);
        assertThat(p.maxDuration()).isEqualTo(ComparePreset.ALLOCATORS.maxDuration());
        assertThat(p.heldOutPerCell()).isEqualTo(50);
        assertThat(p.evalEvery()).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.sync()).isTrue();
        assertThat(ComparePreset.QUICK.with("spo", null, null, null, null, null, null).arms())
                .isEqualTo("spo");
    }

    @Test
    void unknownPresetNamesTheKnownOnes() {
        assertThatThrownBy(() -> ComparePreset.of("fast"))
                .hasMessageContaining("'fast'")
                .hasMessageContaining("allocators");
    }

    @Test
    void everyPresetNamesOnlyBuiltInArmsAndTheSmokePresetsRunTheirFamilies() {
        for (ComparePreset p : ComparePreset.all()) {
            assertThat(Arms.select(p.arms())).as(p.name()).isNotEmpty();
        }
        assertThat(Arms.select(ComparePreset.LOOP_METHODS.arms()).stream().map(Arm::name))
                .contains("uniform-grpo", "spo")
                .containsAll(Arms.SEED_LOOP_METHODS);
        assertThat(Arms.select(ComparePreset.SEED_METHODS.arms()).stream().map(Arm::name))
                .containsAll(Arms.SEED_LOSS_METHODS);
    }

    @Test
    void theArmListNamesEveryArmWithItsSettings() {
        String listed = Arms.describe();
        assertThat(listed.lines()).hasSize(Arms.all().size());
        assertThat(listed).startsWith("uniform-grpo  (defaults)\n");
        assertThat(listed).contains("knapsack-grpo  rivulet.loop.allocator=knapsack");
    }
}
