package dev.rivulet.server.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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
                                + " epsilon, kl-beta, kl-beta-end, kl-schedule, kl-steps,"
                                + " max-grad-norm, weight-decay]");
        assertThatThrownBy(() -> OptimizerConfig.from(1e-3, StrategyOptions.of("beta2", "1")))
                .hasMessage("optimizer: option 'beta2' must be in [0, 1), got 1");
        assertThatThrownBy(() -> OptimizerConfig.from(1e-3, StrategyOptions.of("kl-beta", "-0.1")))
                .hasMessage("optimizer: option 'kl-beta' must be in [0, inf), got -0.1");
    }

    @Test
    void klScheduleValuesAtStartMiddleEndAndAfter() {
        // linear 0.1 -> 0 over 10 steps: 0.1 + (0 - 0.1)*min(s, 10)/10
        OptimizerConfig linear =
                OptimizerConfig.from(
                        1e-3,
                        StrategyOptions.of(
                                "kl-beta", "0.1",
                                "kl-schedule", "linear",
                                "kl-beta-end", "0",
                                "kl-steps", "10"));
        assertThat(linear.klBetaAt(0)).isCloseTo(0.1, within(1e-15));
        assertThat(linear.klBetaAt(5)).isCloseTo(0.05, within(1e-15));
        assertThat(linear.klBetaAt(10)).isCloseTo(0.0, within(1e-15));
        assertThat(linear.klBetaAt(25)).isCloseTo(0.0, within(1e-15));
        // cosine 0.1 -> 0.02 over 4 steps: 0.02 + 0.08*(1 + cos(pi*s/4))/2
        OptimizerConfig cosine =
                OptimizerConfig.from(
                        1e-3,
                        StrategyOptions.of(
                                "kl-beta", "0.1",
                                "kl-schedule", "cosine",
                                "kl-beta-end", "0.02",
                                "kl-steps", "4"));
        assertThat(cosine.klBetaAt(0)).isCloseTo(0.1, within(1e-15));
        assertThat(cosine.klBetaAt(1)).isCloseTo(0.0882842712, within(1e-10));
        assertThat(cosine.klBetaAt(2)).isCloseTo(0.06, within(1e-15));
        assertThat(cosine.klBetaAt(4)).isCloseTo(0.02, within(1e-15));
        assertThat(cosine.klBetaAt(100)).isCloseTo(0.02, within(1e-15));
        // a warm-up: linear 0 -> 0.2 over 4 steps
        OptimizerConfig up =
                OptimizerConfig.from(
                        1e-3,
                        StrategyOptions.of(
                                "kl-schedule", "linear", "kl-beta-end", "0.2", "kl-steps", "4"));
        assertThat(up.klBetaAt(0)).isZero();
        assertThat(up.klBetaAt(1)).isCloseTo(0.05, within(1e-15));
        assertThat(up.klBetaAt(9)).isCloseTo(0.2, within(1e-15));
        assertThat(up.klSchedule().everPositive(up.klBeta())).isTrue();
        // constant: kl-beta at every step
        OptimizerConfig constant = OptimizerConfig.from(1e-3, StrategyOptions.of("kl-beta", "0.3"));
        assertThat(constant.klBetaAt(0)).isEqualTo(0.3);
        assertThat(constant.klBetaAt(1000)).isEqualTo(0.3);
        assertThat(OptimizerConfig.defaults().klSchedule().everPositive(0.0)).isFalse();
    }

    @Test
    void klScheduleOptionsAreValidated() {
        assertThatThrownBy(
                        () ->
                                OptimizerConfig.from(
                                        1e-3, StrategyOptions.of("kl-schedule", "exponential")))
                .hasMessage(
                        "optimizer: option 'kl-schedule' must be one of constant, linear, cosine,"
                                + " got 'exponential'");
        assertThatThrownBy(
                        () ->
                                OptimizerConfig.from(
                                        1e-3,
                                        StrategyOptions.of(
                                                "kl-beta", "0.1", "kl-schedule", "linear")))
                .hasMessage("kl-steps must be >= 1 with kl-schedule=linear, got 0");
        assertThatThrownBy(
                        () -> OptimizerConfig.from(1e-3, StrategyOptions.of("kl-beta-end", "0.01")))
                .hasMessage(
                        "optimizer: option 'kl-beta-end' needs kl-schedule=linear or cosine; the"
                                + " schedule is constant");
        assertThatThrownBy(() -> OptimizerConfig.from(1e-3, StrategyOptions.of("kl-steps", "10")))
                .hasMessageContaining("option 'kl-steps' needs kl-schedule=linear or cosine");
        assertThatThrownBy(
                        () ->
                                OptimizerConfig.from(
                                        1e-3,
                                        StrategyOptions.of(
                                                "kl-schedule", "cosine", "kl-beta-end", "-1")))
                .hasMessage("optimizer: option 'kl-beta-end' must be in [0, inf), got -1");
        assertThatThrownBy(
                        () ->
                                OptimizerConfig.from(
                                        1e-3,
                                        StrategyOptions.of(
                                                "kl-schedule", "cosine", "kl-steps", "-2")))
                .hasMessage("optimizer: option 'kl-steps' must be in [0, inf), got -2");
    }
}
