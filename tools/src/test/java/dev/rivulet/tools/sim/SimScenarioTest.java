package dev.rivulet.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SimScenarioTest {

    @Test
    void mixedHasExactSharesAndASeededOrder() {
        SimScenario mixed = SimScenario.select("mixed").get(0);
        double[] p = mixed.draw(1000, 3);
        assertThat(Arrays.stream(p).filter(x -> x == 0).count()).isEqualTo(300);
        assertThat(Arrays.stream(p).filter(x -> x == 1).count()).isEqualTo(300);
        assertThat(
                        Arrays.stream(p)
                                .filter(x -> x > 0 && x < 1)
                                .allMatch(x -> x >= 0.05 && x < 0.95))
                .isTrue();
        assertThat(mixed.draw(1000, 3)).isEqualTo(p);
        assertThat(mixed.draw(1000, 4)).isNotEqualTo(p);
    }

    @Test
    void everyBuiltInScenarioHasItsShape() {
        assertThat(SimScenario.all())
                .extracting(SimScenario::name)
                .containsExactly(
                        "mixed",
                        "uniform-p",
                        "hard",
                        "rare",
                        "mid",
                        "mixed-drift",
                        "mixed-transfer");
        double[] hard = SimScenario.select("hard").get(0).draw(100, 1);
        assertThat(Arrays.stream(hard).filter(x -> x == 0).count()).isEqualTo(80);
        double[] mid = SimScenario.select("mid").get(0).draw(100, 1);
        assertThat(Arrays.stream(mid).allMatch(x -> x >= 0.3 && x <= 0.7)).isTrue();
        assertThat(SimScenario.select("mixed-drift").get(0).drift()).isEqualTo(0.1);
        assertThat(SimScenario.select("mixed").get(0).drift()).isZero();
    }

    @Test
    void unknownNamesAndBadSharesFail() {
        assertThatThrownBy(() -> SimScenario.select("mixed,easy"))
                .hasMessageContaining("unknown scenario in 'mixed,easy'");
        assertThatThrownBy(() -> new SimScenario("x", 0.7, 0.7, 0, 1, 0, 0))
                .hasMessageContaining("scenario 'x' needs shares");
    }
}
