package dev.rivulet.server.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.core.registry.StrategyOptions;
import org.junit.jupiter.api.Test;

class OptimizerConfigTest {

    @Test
    void defaultsAreUnchanged() {
        assertThat(OptimizerConfig.defaults())
                .isEqualTo(new OptimizerConfig(2e-4, 0.9, 0.999, 1e-8, 0.01, 1.0, 0.0));
    }

    @Test
    void everyKeyIsSettable() {
        OptimizerConfig c =
                OptimizerConfig.from(
                        1e-3,
                        StrategyOptions.of(
                                "beta1", "0.8",
                                "beta2", "0.95",
                                "epsilon", "1e-6",
                                "weight-decay", "0",
                                "max-grad-norm", "0.5",
                                "kl-beta", "0.05"));
        assertThat(c).isEqualTo(new OptimizerConfig(1e-3, 0.8, 0.95, 1e-6, 0.0, 0.5, 0.05));
    }

    @Test
    void badKeysAndValuesFailNamingThem() {
        assertThatThrownBy(() -> OptimizerConfig.from(1e-3, StrategyOptions.of("lr", "1")))
                .hasMessage(
                        "optimizer does not understand option(s) [lr]; it takes [beta1, beta2,"
                                + " epsilon, kl-beta, max-grad-norm, weight-decay]");
        assertThatThrownBy(() -> OptimizerConfig.from(1e-3, StrategyOptions.of("beta2", "1")))
                .hasMessage("optimizer: option 'beta2' must be in [0, 1), got 1");
        assertThatThrownBy(() -> OptimizerConfig.from(1e-3, StrategyOptions.of("kl-beta", "-0.1")))
                .hasMessage("optimizer: option 'kl-beta' must be in [0, inf), got -0.1");
    }
}
