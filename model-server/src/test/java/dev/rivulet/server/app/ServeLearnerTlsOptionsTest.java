package dev.rivulet.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code serve --role generator --learner-tls [--learner-tls-ca FILE]}: TLS to the learner with the
 * JVM's trust store or a CA bundle; refused for other roles and for a CA file that is missing,
 * unreadable or not PEM, naming the path.
 */
class ServeLearnerTlsOptionsTest {

    private static final String PEM =
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    @TempDir Path dir;

    private static ServerRole role(String... args) throws Exception {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        return serve.config().role();
    }

    @Test
    void aGeneratorConnectsWithTlsTrustingTheJvmOrTheGivenCa() throws Exception {
        ServerRole plain = role("--role", "generator", "--learner", "h:1");
        assertThat(plain.learnerTls()).isFalse();
        assertThat(plain.learnerClientOptions().tls()).isFalse();

        ServerRole jvm = role("--role", "generator", "--learner", "h:1", "--learner-tls");
        assertThat(jvm.learnerTls()).isTrue();
        assertThat(jvm.learnerClientOptions().tls()).isTrue();
        assertThat(jvm.learnerClientOptions().trustedCertificates()).isNull();
        assertThat(jvm.toString()).contains("learnerTls=jvm-trust");

        Path ca = Files.writeString(dir.resolve("ca.pem"), PEM, StandardCharsets.US_ASCII);
        ServerRole pinned =
                role("--role", "generator", "--learner", "h:1", "--learner-tls-ca", ca.toString());
        assertThat(pinned.learnerTls()).as("a CA implies TLS").isTrue();
        assertThat(pinned.learnerClientOptions().trustedCertificates()).isEqualTo(PEM);
        assertThat(pinned.toString()).contains("learnerTls=pinned");
    }

    @Test
    void otherRolesRefuseTheFlags() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), PEM, StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> role("--learner-tls"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--learner-tls is for --role generator")
                .hasMessageContaining("this server's role is both");
        assertThatThrownBy(() -> role("--role", "learner", "--learner-tls-ca", ca.toString()))
                .hasMessageContaining("--learner-tls-ca is for --role generator")
                .hasMessageContaining("this server's role is learner");
    }

    @Test
    void aMissingUnreadableOrNonPemCaIsNamed() throws Exception {
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(
                        () ->
                                role(
                                        "--role",
                                        "generator",
                                        "--learner",
                                        "h:1",
                                        "--learner-tls-ca",
                                        missing.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--learner-tls-ca " + missing + ": no such file");
        assertThatThrownBy(
                        () ->
                                role(
                                        "--role",
                                        "generator",
                                        "--learner",
                                        "h:1",
                                        "--learner-tls-ca",
                                        dir.toString()))
                .hasMessageContaining("--learner-tls-ca " + dir + ": cannot read it");
        Path text = Files.writeString(dir.resolve("key.txt"), "not a certificate");
        assertThatThrownBy(
                        () ->
                                role(
                                        "--role",
                                        "generator",
                                        "--learner",
                                        "h:1",
                                        "--learner-tls-ca",
                                        text.toString()))
                .hasMessageContaining("--learner-tls-ca " + text + ": holds no PEM certificate");
    }
}
