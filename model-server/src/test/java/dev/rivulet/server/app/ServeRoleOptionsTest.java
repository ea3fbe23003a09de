package dev.rivulet.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code serve --role}: the roles, the learner address and max-lag, and their clear refusals. */
class ServeRoleOptionsTest {

    private static ModelServerConfig parse(Map<String, String> env, String... args)
            throws Exception {
        ServeCommand serve = new ServeCommand();
        serve.environment = env::get;
        new CommandLine(serve).parseArgs(args);
        return serve.config();
    }

    private static ModelServerConfig parse(String... args) throws Exception {
        return parse(Map.of(), args);
    }

    @Test
    void bothIsTheDefaultAndTodaysProcess() throws Exception {
        assertThat(parse().role()).isEqualTo(ServerRole.both());
        assertThat(parse("--role", "both").role().kind()).isEqualTo(ServerRole.Kind.BOTH);
        assertThat(parse("--role", "learner").role().kind()).isEqualTo(ServerRole.Kind.LEARNER);
    }

    @Test
    void aGeneratorNamesItsLearnerMaxLagAndToken() throws Exception {
        ServerRole r =
                parse(
                                Map.of("LEARNER_TOKEN", " s3cret "),
                                "--role",
                                "generator",
                                "--learner",
                                "10.0.0.5:8815",
                                "--max-lag",
                                "3",
                                "--learner-token-env",
                                "LEARNER_TOKEN")
                        .role();
        assertThat(r.kind()).isEqualTo(ServerRole.Kind.GENERATOR);
        assertThat(r.learnerHost()).isEqualTo("10.0.0.5");
        assertThat(r.learnerPort()).isEqualTo(8815);
        assertThat(r.maxLag()).isEqualTo(3);
        assertThat(r.learnerToken()).isEqualTo("s3cret");
        assertThat(r.toString()).doesNotContain("s3cret");
        assertThat(parse("--role", "generator", "--learner", "[::1]:9000").role().learnerHost())
                .isEqualTo("::1");
        assertThat(parse("--role", "generator", "--learner", "h:1").role().maxLag())
                .isEqualTo(ServerRole.DEFAULT_MAX_LAG);
    }

    @Test
    void aGeneratorWithoutLearnerFailsSayingWhatItNeeds() {
        assertThatThrownBy(() -> parse("--role", "generator"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--role generator needs --learner HOST:PORT");
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> parse("--role", "trainer"))
                .hasMessageContaining("--role must be learner, generator or both, got 'trainer'");
        assertThatThrownBy(() -> parse("--role", "generator", "--learner", "gen-1"))
                .hasMessageContaining("--learner 'gen-1': expected HOST:PORT");
        assertThatThrownBy(() -> parse("--role", "generator", "--learner", "h:x"))
                .hasMessageContaining("the port is not a number");
        assertThatThrownBy(
                        () -> parse("--role", "generator", "--learner", "h:1", "--max-lag", "-1"))
                .hasMessageContaining("max-lag must be >= 0, got -1");
        assertThatThrownBy(() -> parse("--learner", "h:1"))
                .hasMessageContaining("--learner is for --role generator");
        assertThatThrownBy(
                        () ->
                                parse(
                                        "--role", "generator",
                                        "--learner", "h:1",
                                        "--checkpoint-dir", "/tmp/x"))
                .hasMessageContaining("a generator keeps no checkpoints");
    }
}
