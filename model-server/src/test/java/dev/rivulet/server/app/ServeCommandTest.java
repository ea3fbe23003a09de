package dev.rivulet.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.server.learn.KlSchedule;
import dev.rivulet.server.learn.OptimizerConfig;
import dev.rivulet.server.loss.PolicyLosses;
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
    void retainedCheckpointsAreSetByOption() throws Exception {
        assertThat(parse().limits().retainedCheckpoints()).isEqualTo(4);
        assertThat(parse("--retained-checkpoints", "2").limits().retainedCheckpoints())
                .isEqualTo(2);
        assertThat(parse("--retained-checkpoints", "2").limits().ledgerWindow()).isEqualTo(64);
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
    void theEntropyBonusAndTheKlScheduleAreSetByOption() throws Exception {
        ServiceConfig c =
                parse(
                        "--loss-option", "regulariser=entropy-bonus",
                        "--loss-option", "regulariser-coef=0.01",
                        "--optimizer-option", "kl-beta=0.1",
                        "--optimizer-option", "kl-schedule=cosine",
                        "--optimizer-option", "kl-steps=100");
        assertThat(
                        PolicyLosses.create(c.training().loss(), c.training().lossOptions())
                                .needsEntropy())
                .isTrue();
        assertThat(c.training().optimizer().klSchedule())
                .isEqualTo(new KlSchedule(KlSchedule.Kind.COSINE, 0.0, 100));
        assertThat(c.training().optimizer().klBetaAt(50)).isCloseTo(0.05, within(1e-15));
    }

    @Test
    void badOptionsFailBeforeTheServerStarts() {
        assertThatThrownBy(() -> parse("--loss-option", "dual-clip=0.5"))
                .hasMessageContaining("option 'dual-clip' must be 0 (off) or > 1, got 0.5");
        assertThatThrownBy(() -> parse("--optimizer-option", "kl-schedule=linear"))
                .hasMessageContaining("kl-steps must be >= 1 with kl-schedule=linear, got 0");
        assertThatThrownBy(() -> parse("--loss-option", "clip=0.3"))
                .hasMessageContaining(
                        "policy loss 'ppo-clip' does not understand option(s) [clip]");
        assertThatThrownBy(() -> parse("--optimizer-option", "beta1=2"))
                .hasMessageContaining("option 'beta1' must be in [0, 1), got 2");
    }

    private static ModelServerConfig server(java.util.Map<String, String> env, String... args)
            throws Exception {
        ServeCommand serve = new ServeCommand();
        serve.environment = env::get;
        new CommandLine(serve).parseArgs(args);
        return serve.config();
    }

    @Test
    void loopbackIsTheDefaultBindAndNeedsNoToken() throws Exception {
        ModelServerConfig c = server(java.util.Map.of());
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.bearerToken()).isNull();
        assertThat(server(java.util.Map.of(), "--host", "localhost").bearerToken()).isNull();
    }

    @Test
    void allInterfacesWithoutATokenAreRefused() {
        assertThatThrownBy(() -> server(java.util.Map.of(), "--host", "0.0.0.0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--host 0.0.0.0 is not a loopback address and no token");
    }

    @Test
    void theTokenComesFromAnEnvironmentVariable() throws Exception {
        ModelServerConfig c =
                server(
                        java.util.Map.of("RIVULET_SERVER_TOKEN", " s3cret\n"),
                        "--host",
                        "0.0.0.0",
                        "--token-env",
                        "RIVULET_SERVER_TOKEN");
        assertThat(c.bearerToken()).isEqualTo("s3cret");
        assertThatThrownBy(
                        () ->
                                server(
                                        java.util.Map.of(),
                                        "--host",
                                        "0.0.0.0",
                                        "--token-env",
                                        "RIVULET_SERVER_TOKEN"))
                .hasMessageContaining("--token-env RIVULET_SERVER_TOKEN: the environment variable");
    }

    @Test
    void theTokenComesFromAFileAndNotFromBoth(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path d) throws Exception {
        java.nio.file.Path f = d.resolve("token");
        java.nio.file.Files.writeString(f, "from-file\n");
        assertThat(
                        server(
                                        java.util.Map.of(),
                                        "--host",
                                        "0.0.0.0",
                                        "--token-file",
                                        f.toString())
                                .bearerToken())
                .isEqualTo("from-file");
        assertThatThrownBy(
                        () ->
                                server(
                                        java.util.Map.of("T", "x"),
                                        "--token-file",
                                        f.toString(),
                                        "--token-env",
                                        "T"))
                .hasMessageContaining("not both");
    }

    @Test
    void unauthenticatedOnAllInterfacesOnlyWhenAskedFor() throws Exception {
        assertThat(
                        server(java.util.Map.of(), "--host", "0.0.0.0", "--allow-unauthenticated")
                                .bearerToken())
                .isNull();
    }
}
