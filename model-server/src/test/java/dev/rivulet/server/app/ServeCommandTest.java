package dev.rivulet.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.server.learn.OptimizerConfig;
import dev.rivulet.server.service.ServiceConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeCommandTest {

    private static ServiceConfig parse(String... args) throws Exception {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        return serve.config().service();
    }

    @Test
    void defaultsMatchTheServiceDefaults() throws Exception {
        assertThat(parse()).isEqualTo(ServiceConfig.defaults());
    }

    @Test
    void lossAndOptimizerOptionsReachTheServiceConfig() throws Exception {
        ServiceConfig c =
                parse(
                        "--loss", "rec/one-side/is",
                        "--loss-option", "eps-high=0.3",
                        "--loss-option", "eps-low=0.1",
                        "--lr", "1e-3",
                        "--optimizer-option", "kl-beta=0.02",
                        "--optimizer-option", "weight-decay=0");
        assertThat(c.training().loss()).isEqualTo("rec/one-side/is");
        assertThat(c.training().lossOptions())
                .isEqualTo(StrategyOptions.of("eps-high", "0.3", "eps-low", "0.1"));
        assertThat(c.training().optimizer())
                .isEqualTo(new OptimizerConfig(1e-3, 0.9, 0.999, 1e-8, 0.0, 1.0, 0.02));
    }

    @Test
    void badOptionsFailBeforeTheServerStarts() {
        assertThatThrownBy(() -> parse("--loss-option", "clip=0.3"))
                .hasMessageContaining(
                        "policy loss 'ppo-clip' does not understand option(s) [clip]");
        assertThatThrownBy(() -> parse("--optimizer-option", "beta1=2"))
                .hasMessageContaining("option 'beta1' must be in [0, 1), got 2");
    }
}
