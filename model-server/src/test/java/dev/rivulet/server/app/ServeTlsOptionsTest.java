package dev.rivulet.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.protocol.testing.SelfSignedCertificate;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code rivulet serve --tls-cert FILE --tls-key FILE}: both give a TLS configuration, neither a
 * plaintext one on loopback, one without the other fails naming what is missing.
 */
class ServeTlsOptionsTest {

    @TempDir Path dir;

    @Test
    void certificateAndKeyMakeATlsServerAndLoopbackStaysTheDefault() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate(dir);
        ModelServerConfig tls =
                parse(
                                "--tls-cert",
                                cert.files().certChain().toString(),
                                "--tls-key",
                                cert.files().privateKey().toString())
                        .config();
        assertThat(tls.tls()).isEqualTo(cert.files());
        assertThat(tls.host()).isEqualTo("127.0.0.1");
        assertThat(tls.toString()).contains("tls=" + cert.files().certChain());

        ModelServerConfig plain = parse().config();
        assertThat(plain.tls()).isNull();
        assertThat(plain.host()).isEqualTo("127.0.0.1");
    }

    @Test
    void oneFileWithoutTheOtherFails() {
        assertThatThrownBy(() -> parse("--tls-cert", dir.resolve("c.pem").toString()).config())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--tls-cert and --tls-key go together");
    }

    private static ServeCommand parse(String... args) {
        ServeCommand c = new ServeCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }
}
