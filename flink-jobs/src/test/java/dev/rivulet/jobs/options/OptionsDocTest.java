package dev.rivulet.jobs.options;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

/** Keeps docs/configuration.md equal to what the option classes generate. */
class OptionsDocTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    @Test
    void configurationPageMatchesTheCode() throws Exception {
        String generated = OptionsDoc.markdown();
        if (Boolean.getBoolean("rivulet.regenerate-docs")) {
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(DOC)).as(DOC + " exists").isTrue();
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
                .as("docs/configuration.md is stale; regenerate it (see the page's header)")
                .isEqualTo(generated);
    }

    @Test
    void everyOptionIsDocumentedAndUnique() {
        Set<String> keys = new HashSet<>();
        for (ConfigOption<?> o : OptionsDoc.allOptions()) {
            assertThat(keys.add(o.key())).as("duplicate key " + o.key()).isTrue();
            assertThat(o.key()).startsWith("rivulet.");
            assertThat(o.description().getBlocks()).as("description of " + o.key()).isNotEmpty();
            assertThat(o.hasDefaultValue()).as("default of " + o.key()).isTrue();
        }
        assertThat(keys).hasSizeGreaterThan(20);
    }
}
