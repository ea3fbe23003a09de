package dev.rivulet.algo.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ValueTrackersTest {

    @Test
    void registryHasExactlyTheExpectedIds() {
        assertThat(ValueTrackers.registry().ids())
                .contains("beta-kl", "reward-history", "beta-decay");
    }

    @Test
    void unknownIdListsTheKnownIds() {
        assertThatThrownBy(() -> ValueTrackers.registry().create("ema"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown value tracker 'ema'")
                .hasMessageContaining("beta-decay, beta-kl, reward-history");
        assertThatThrownBy(
                        () ->
                                ValueTrackers.registry()
                                        .create("beta-decay", StrategyOptions.of("rho", "1")))
                .hasMessageContaining("does not understand option(s) [rho]");
    }

    @Test
    void everyIdHasADocsPageListingItsOptions() throws IOException {
        for (ValueTrackerFactory f : ValueTrackers.registry().factories()) {
            Path page = Path.of("..", "docs", "algorithms", f.id() + ".md");
            assertThat(page).exists();
            String text = Files.readString(page);
            for (String key : f.options().stream().map(OptionSpec::key).toList()) {
                assertThat(text).as("%s documents option %s", page, key).contains("`" + key + "`");
            }
        }
    }
}
