package dev.rivulet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code rivulet bench fleet} refuses bad options before it starts anything. */
class FleetBenchCommandTest {

    @Test
    void badOptionsExitTwoNamingTheValue() {
        CliRun sizes = CliRun.of("bench", "fleet", "--fleet-sizes", "1,x");
        assertThat(sizes.code()).isEqualTo(2);
        assertThat(sizes.err()).contains("--fleet-sizes: 'x' is not a number");

        CliRun target = CliRun.of("bench", "fleet", "--target", "0.95");
        assertThat(target.code()).isEqualTo(2);
        assertThat(target.err())
                .contains("target accuracy 0.95 is not between the curve's start 0.1 and end 0.9");

        CliRun zero = CliRun.of("bench", "fleet", "--fleet-sizes", "0");
        assertThat(zero.code()).isEqualTo(2);
        assertThat(zero.err()).contains("a fleet size must be >= 1, got 0");
    }
}
