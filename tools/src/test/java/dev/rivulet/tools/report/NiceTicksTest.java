package dev.rivulet.tools.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Ticks on a 1-2-5 grid, hand-computed. */
class NiceTicksTest {

    @Test
    void accuracyFromZeroGetsTenthSteps() {
        // 0.63 / 7 = 0.09: step 0.05 gives 13 ticks, 0.1 gives 7 (0 .. 0.6)
        NiceTicks t = NiceTicks.of(0, 0.63);
        assertThat(t.step()).isEqualTo(0.1);
        assertThat(t.values()).containsExactly(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6);
        assertThat(t.values().stream().map(t::label).toList())
                .containsExactly("0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6");
    }

    @Test
    void narrowAccuracyRangeGetsTwoHundredthSteps() {
        // 0.55 .. 0.66: step 0.01 gives 12 ticks, 0.02 gives 0.56 .. 0.66 (6)
        NiceTicks t = NiceTicks.of(0.55, 0.66);
        assertThat(t.step()).isEqualTo(0.02);
        assertThat(t.values()).containsExactly(0.56, 0.58, 0.6, 0.62, 0.64, 0.66);
        assertThat(t.label(0.6)).isEqualTo("0.60");
    }

    @Test
    void rolloutCountsGetThousandsLabels() {
        // 0 .. 41 000: step 5 000 gives 9 ticks (> 8), 10 000 gives 5
        NiceTicks t = NiceTicks.of(0, 41_000);
        assertThat(t.values()).containsExactly(0.0, 10_000.0, 20_000.0, 30_000.0, 40_000.0);
        assertThat(t.values().stream().map(t::label).toList())
                .containsExactly("0", "10k", "20k", "30k", "40k");
        // 0 .. 12 160: step 2 000, 7 ticks
        NiceTicks r = NiceTicks.of(0, 12_160);
        assertThat(r.step()).isEqualTo(2000.0);
        assertThat(r.label(6000)).isEqualTo("6k");
    }

    @Test
    void negativeAndZeroWidthRanges() {
        assertThat(NiceTicks.of(-1, 1).values()).containsExactly(-1.0, -0.5, 0.0, 0.5, 1.0);
        // [5, 5] is widened to [4, 6]: step 0.2 gives 11 ticks, 0.5 gives 5
        assertThat(NiceTicks.of(5, 5).values()).containsExactly(4.0, 4.5, 5.0, 5.5, 6.0);
        assertThat(NiceTicks.of(0, 0).values()).containsExactly(-1.0, -0.5, 0.0, 0.5, 1.0);
    }

    @Test
    void fewerTicksAskedGivesALargerStep() {
        assertThat(NiceTicks.of(0, 100, 3).values()).containsExactly(0.0, 50.0, 100.0);
        assertThat(NiceTicks.of(0, 100, 11).values())
                .isEqualTo(
                        List.of(0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0));
    }

    @Test
    void badRangesFailNamingTheValue() {
        assertThatThrownBy(() -> NiceTicks.of(2, 1)).hasMessageContaining("2.0..1.0");
        assertThatThrownBy(() -> NiceTicks.of(0, Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> NiceTicks.of(0, 1, 2)).hasMessageContaining("got 2");
    }
}
