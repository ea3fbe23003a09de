package dev.rivulet.tools.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Mean and min-max over seeds on a common grid, hand-computed. */
class SeedBandTest {

    @Test
    void interpolatesEachSeedThenTakesMeanMinAndMax() {
        // seed a: 0.5 at 0, 0.7 at 1000; seed b: 0.5 at 0, 0.5 at 500, 0.9 at 1500
        List<double[]> a = List.of(new double[] {0, 0.5}, new double[] {1000, 0.7});
        List<double[]> b =
                List.of(new double[] {0, 0.5}, new double[] {500, 0.5}, new double[] {1500, 0.9});
        SeedBand band = SeedBand.of(List.of(a, b), 3);
        // the grid stops at the earliest last evaluation (1000): 0, 500, 1000
        assertThat(band.x()).containsExactly(0, 500, 1000);
        // at 500: a = 0.6, b = 0.5; at 1000: a = 0.7, b = 0.5 + 0.4 * 500/1000 = 0.7
        Offset<Double> eps = Offset.offset(1e-12);
        assertThat(band.mean()[1]).isCloseTo(0.55, eps);
        assertThat(band.min()[1]).isCloseTo(0.5, eps);
        assertThat(band.max()[1]).isCloseTo(0.6, eps);
        assertThat(band.mean()[2]).isCloseTo(0.7, eps);
        assertThat(band.min()[0]).isEqualTo(0.5);
    }

    @Test
    void oneSeedIsItsOwnBandAndNoSeedsNoBand() {
        List<double[]> a = List.of(new double[] {0, 0.5}, new double[] {1000, 0.7});
        SeedBand band = SeedBand.of(List.of(a), 2);
        assertThat(band.min()).containsExactly(band.max());
        assertThat(band.mean()).containsExactly(0.5, 0.7);
        assertThat(SeedBand.of(List.of(), 5).x()).isEmpty();
        assertThat(SeedBand.at(a, 2000)).isEqualTo(0.7);
    }
}
