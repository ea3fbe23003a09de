package dev.rivulet.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionSpecTest {

    private enum Side {
        NONE,
        ONE_SIDE
    }

    @Test
    void readsTypedValuesAndDefaults() {
        OptionSpec d = OptionSpec.ofDouble("eps", 0.2, "clip").atLeast(0).below(1);
        assertThat(d.doubleValue(StrategyOptions.empty())).isEqualTo(0.2);
        assertThat(d.doubleValue(StrategyOptions.of("eps", "0.5"))).isEqualTo(0.5);
        OptionSpec l = OptionSpec.ofLong("seed", 7L, "seed");
        assertThat(l.longValue(StrategyOptions.of("seed", "9000000000"))).isEqualTo(9_000_000_000L);
        OptionSpec s = OptionSpec.ofString("ops", "+-", "operators");
        assertThat(s.stringValue(StrategyOptions.of("ops", "*"))).isEqualTo("*");
        OptionSpec e = OptionSpec.ofEnum("mask", Side.NONE, "mask");
        assertThat(e.choices()).containsExactly("none", "one-side");
        assertThat(e.enumValue(StrategyOptions.of("mask", "One-Side"), Side.class))
                .isEqualTo(Side.ONE_SIDE);
    }

    @Test
    void rangesUseIntervalNotation() {
        assertThat(OptionSpec.ofDouble("a", 0.5, "x").atLeast(0).below(1).allowed())
                .isEqualTo("a double in [0, 1)");
        assertThat(OptionSpec.ofDouble("a", 3, "x").above(0).allowed())
                .isEqualTo("a double in (0, inf)");
        assertThat(OptionSpec.ofInt("n", 3, "x").allowed()).isEqualTo("an int");
        assertThat(OptionSpec.ofInt("n", 3, "x").defaultValue()).isEqualTo("3");
        assertThat(OptionSpec.ofDouble("d", 1e-8, "x").defaultValue()).isEqualTo("1.0E-8");
    }

    @Test
    void rejectsOpenEndsNonFiniteAndBadText() {
        OptionSpec d = OptionSpec.ofDouble("eps", 0.2, "clip").above(0).atMost(1);
        assertThatThrownBy(() -> d.check("0")).hasMessage("option 'eps' must be in (0, 1], got 0");
        assertThat(d.check("1")).isEqualTo("1");
        assertThatThrownBy(() -> d.check("NaN")).hasMessageContaining("got 'NaN'");
        assertThatThrownBy(() -> d.check("Infinity")).hasMessageContaining("a double in (0, 1]");
        assertThatThrownBy(() -> OptionSpec.ofInt("n", 1, "x").check("1.5"))
                .hasMessage("option 'n' must be an int, got '1.5'");
    }

    @Test
    void badSpecsFailWhenBuilt() {
        assertThatThrownBy(() -> OptionSpec.ofInt("n", 0, "x").atLeast(1))
                .hasMessage("option 'n' must be in [1, inf), got 0");
        assertThatThrownBy(() -> OptionSpec.ofEnum("m", "c", List.of("a", "b"), "x"))
                .hasMessageContaining("must be one of a, b");
        assertThatThrownBy(() -> OptionSpec.ofBoolean("b", true, " "))
                .hasMessageContaining("needs a description");
        assertThatThrownBy(() -> OptionSpec.ofString("s", "x", "y").atLeast(0))
                .hasMessageContaining("only numeric options take a range");
    }

    @Test
    void typedReadsOfTheWrongTypeAreProgrammingErrors() {
        assertThatThrownBy(() -> OptionSpec.ofInt("n", 1, "x").doubleValue(StrategyOptions.empty()))
                .isInstanceOf(IllegalStateException.class);
    }
}
