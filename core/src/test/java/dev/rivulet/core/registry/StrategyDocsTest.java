package dev.rivulet.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StrategyDocsTest {

    @Test
    void rendersFamiliesIdsAndOptionTables() {
        String md =
                StrategyDocs.markdown(
                        "# Title\n\nIntro.\n",
                        List.of(Registry.load("greeter", Greeter.Factory.class)));
        assertThat(md)
                .startsWith("# Title\n\nIntro.\n\n## greeter\n\nIds: `bye`, `hello`.\n")
                .contains("### `bye`\n\nSays bye.\n\nNo options.\n")
                .contains("### `hello`\n\nSays hello \\| politely.\n")
                .contains("| `times` | int | `1` | an int in [1, 3] | how often to say hello |\n")
                .contains("| `style` | enum | `plain` | one of plain, warm | tone |\n");
    }
}
