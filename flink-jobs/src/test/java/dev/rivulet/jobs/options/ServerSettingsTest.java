package dev.rivulet.jobs.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.core.registry.StrategyOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-process server's loss and optimiser options as JobSettings reads them. */
class ServerSettingsTest {

    @Test
    void defaultsAreTheDefaultLossWithoutOptions() {
        JobSettings s = JobSettings.of(Map.of());
        assertThat(s.serverLoss()).isEqualTo("ppo-clip");
        assertThat(s.serverLossOptions()).isEqualTo(StrategyOptions.empty());
        assertThat(s.serverOptimizerOptions()).isEqualTo(StrategyOptions.empty());
    }

    @Test
    void optionsAreParsedAsKeyValueLists() {
        JobSettings s =
                JobSettings.of(
                        Map.of(
                                "rivulet.server.loss", "rec/one-side/is",
                                "rivulet.server.loss-options", "eps-low=0.1; eps-high=0.3",
                                "rivulet.server.optimizer-options", "kl-beta=0.01"));
        assertThat(s.serverLoss()).isEqualTo("rec/one-side/is");
        assertThat(s.serverLossOptions())
                .isEqualTo(StrategyOptions.of("eps-low", "0.1", "eps-high", "0.3"));
        assertThat(s.serverOptimizerOptions()).isEqualTo(StrategyOptions.of("kl-beta", "0.01"));
    }

    @Test
    void malformedTextFailsWhenTheSettingsAreRead() {
        assertThatThrownBy(() -> JobSettings.of(Map.of("rivulet.server.loss-options", "eps-low")))
                .hasMessage("rivulet.server.loss-options: 'eps-low' is not key=value");
        assertThatThrownBy(() -> JobSettings.of(Map.of("rivulet.loop.strategy-options", "clip=5")))
                .hasMessageContaining("'clip' is not family.key");
    }
}
