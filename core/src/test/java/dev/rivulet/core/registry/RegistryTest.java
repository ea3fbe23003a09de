package dev.rivulet.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RegistryTest {

    private final Registry<Greeter.Factory, Greeter> registry =
            Registry.load("greeter", Greeter.Factory.class);

    @Test
    void findsEveryListedFactorySortedById() {
        assertThat(registry.family()).isEqualTo("greeter");
        assertThat(registry.ids()).containsExactly("bye", "hello");
        assertThat(registry.factories())
                .extracting(StrategyFactory::id)
                .containsExactly("bye", "hello");
    }

    @Test
    void createsWithDefaultsAndWithGivenOptions() {
        assertThat(registry.create("hello").greet("ann")).isEqualTo("hello ann");
        Greeter g = registry.create("hello", StrategyOptions.of("times", " 2 ", "style", "WARM"));
        assertThat(g.greet("ann")).isEqualTo("hello hello dear ann");
        assertThat(registry.create("bye").greet("bo")).isEqualTo("bye bo");
    }

    @Test
    void unknownIdListsTheKnownOnes() {
        assertThatThrownBy(() -> registry.create("hi"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown greeter 'hi'; known ids: bye, hello");
    }

    @Test
    void unknownKeyNamesTheStrategyAndWhatItTakes() {
        assertThatThrownBy(() -> registry.create("hello", StrategyOptions.of("volume", "3")))
                .hasMessage(
                        "greeter 'hello' does not understand option(s) [volume]; it takes [loud,"
                                + " style, times]");
        assertThatThrownBy(() -> registry.create("bye", StrategyOptions.of("times", "1")))
                .hasMessageContaining("it takes []");
    }

    @Test
    void badTypeNamesStrategyKeyAndType() {
        assertThatThrownBy(() -> registry.create("hello", StrategyOptions.of("times", "two")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("greeter 'hello': option 'times' must be an int in [1, 3], got 'two'");
        assertThatThrownBy(() -> registry.create("hello", StrategyOptions.of("loud", "yes")))
                .hasMessage("greeter 'hello': option 'loud' must be true or false, got 'yes'");
        assertThatThrownBy(() -> registry.create("hello", StrategyOptions.of("style", "cold")))
                .hasMessage(
                        "greeter 'hello': option 'style' must be one of plain, warm, got 'cold'");
    }

    @Test
    void outOfRangeNamesTheRange() {
        assertThatThrownBy(() -> registry.create("hello", StrategyOptions.of("times", "4")))
                .hasMessage("greeter 'hello': option 'times' must be in [1, 3], got 4");
    }

    @Test
    void checksAcrossOptionsAreNamedToo() {
        assertThatThrownBy(
                        () ->
                                registry.create(
                                        "hello", StrategyOptions.of("times", "3", "loud", "true")))
                .hasMessage("greeter 'hello': too loud: times must be <= 2 when loud");
    }
}
