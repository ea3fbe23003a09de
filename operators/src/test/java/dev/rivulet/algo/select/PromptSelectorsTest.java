package dev.rivulet.algo.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.core.registry.OptionSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PromptSelectorsTest {

    @Test
    void registryHasExactlyTheExpectedIds() {
        assertThat(PromptSelectors.registry().ids())
                .contains("uniform", "thompson", "spo-priority");
    }

    @Test
    void unknownIdListsTheKnownIds() {
        assertThatThrownBy(() -> PromptSelectors.registry().create("random"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown prompt selector 'random'")
                .hasMessageContaining("spo-priority, thompson, uniform");
    }

    @Test
    void everyIdHasADocsPageListingItsOptions() throws IOException {
        for (PromptSelectorFactory f : PromptSelectors.registry().factories()) {
            Path page = Path.of("..", "docs", "algorithms", f.id() + ".md");
            assertThat(page).exists();
            String text = Files.readString(page);
            for (String key : f.options().stream().map(OptionSpec::key).toList()) {
                assertThat(text).as("%s documents option %s", page, key).contains("`" + key + "`");
            }
        }
    }
}
