package dev.rivulet.protocol.flight;

import static dev.rivulet.protocol.flight.PolicyFlightServerErrorsTest.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.protocol.error.PolicyUnavailableException;
import dev.rivulet.protocol.testing.DeterministicPolicyService;
import dev.rivulet.protocol.testing.Samples;
import dev.rivulet.protocol.testing.SelfSignedCertificate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flight over TLS with a certificate generated at test time: a client that trusts it is served
 * every call kind; a plaintext client, a TLS client that does not trust the certificate, and a TLS
 * client of a plaintext server all fail, with a message that says so.
 */
class PolicyClientTlsTest {

    private static final PolicyClient.Options FAST =
            ServerFixture.FAST.withMaxRetries(1).withDeadline(Duration.ofSeconds(10));

    @TempDir Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void aClientThatTrustsTheCertificateIsServedOverTls() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate(dir);
        PolicyFlightServer server = tlsServer(cert);
        PolicyClient client = client(server, FAST.withTls(cert.pem()));
        assertThat(client.health().join().status()).isEqualTo("ok");
        assertThat(client.generate(Samples.requests()).join()).hasSize(7);
        assertThat(client.train(Samples.batch("b1", 2)).join().policyVersion()).isEqualTo(1);
        assertThat(client.options().toString()).contains("tls=pinned");
    }

    @Test
    void aPlaintextClientOfATlsServerFailsClearly() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate(dir);
        PolicyFlightServer server = tlsServer(cert);
        Throwable e = failure(client(server, FAST).health());
        assertThat(e)
                .isInstanceOf(PolicyUnavailableException.class)
                .hasMessageContaining("health failed with UNAVAILABLE")
                .hasMessageContaining("plaintext");
    }

    @Test
    void aTlsClientThatDoesNotTrustTheCertificateFails() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate(dir);
        PolicyFlightServer server = tlsServer(cert);
        Throwable e = failure(client(server, FAST.withTls(null)).health());
        assertThat(e)
                .isInstanceOf(PolicyUnavailableException.class)
                .hasMessageContaining("health failed with UNAVAILABLE");
        assertThat(describeChain(e)).containsIgnoringCase("certificat");
    }

    @Test
    void aTlsClientOfAPlaintextServerFails() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate(dir);
        PolicyFlightServer server =
                track(PolicyFlightServer.builder(new DeterministicPolicyService()).start());
        Throwable e = failure(client(server, FAST.withTls(cert.pem())).health());
        assertThat(e).isInstanceOf(PolicyUnavailableException.class);
    }

    @Test
    void missingCertificateFilesAndNonPemTrustAreRefusedUpFront() {
        assertThatThrownBy(() -> new TlsFiles(dir.resolve("nope.pem"), dir.resolve("key.pem")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope.pem");
        assertThatThrownBy(() -> FAST.withTls("not a certificate"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PEM");
    }

    private PolicyFlightServer tlsServer(SelfSignedCertificate cert) {
        return track(
                PolicyFlightServer.builder(new DeterministicPolicyService())
                        .tls(cert.files())
                        .failOnLeak(true)
                        .start());
    }

    private PolicyClient client(PolicyFlightServer server, PolicyClient.Options options) {
        return track(PolicyClient.connect("127.0.0.1", server.port(), options));
    }

    private <T extends AutoCloseable> T track(T resource) {
        open.add(resource);
        return resource;
    }

    private static String describeChain(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t).append('\n');
        }
        return b.toString();
    }
}
