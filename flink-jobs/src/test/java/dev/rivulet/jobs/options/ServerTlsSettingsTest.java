package dev.rivulet.jobs.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.operators.client.PolicyClients;
import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.protocol.error.PolicyUnavailableException;
import dev.rivulet.protocol.flight.PolicyClient;
import dev.rivulet.protocol.flight.PolicyFlightServer;
import dev.rivulet.protocol.testing.DeterministicPolicyService;
import dev.rivulet.protocol.testing.SelfSignedCertificate;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rivulet.server.tls} and {@code rivulet.server.tls-ca} as the job reads them: the endpoint
 * carries the trusted certificate's PEM text, and a client opened from it makes a real Flight call
 * to a TLS server whose certificate was generated at test time; without TLS the same call fails.
 */
class ServerTlsSettingsTest {

    @TempDir Path dir;

    @Test
    void anEndpointWithTlsAndATrustedCertificateCallsATlsServer() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate(dir);
        try (PolicyFlightServer server =
                PolicyFlightServer.builder(new DeterministicPolicyService())
                        .tls(cert.files())
                        .start()) {
            String address = "127.0.0.1:" + server.port();
            PolicyEndpoint tls =
                    JobSettings.of(
                                    Map.of(
                                            "rivulet.server.address",
                                            address,
                                            "rivulet.server.tls",
                                            "true",
                                            "rivulet.server.tls-ca",
                                            cert.files().certChain().toString(),
                                            "rivulet.server.retries",
                                            "0"))
                            .endpoint();
            assertThat(tls.tls()).isTrue();
            assertThat(tls.tlsCaPem()).isEqualTo(cert.pem());
            assertThat(tls.toString()).endsWith(", tls]");
            try (PolicyClient client = PolicyClients.open(tls)) {
                assertThat(client.version().join().current()).isZero();
            }

            PolicyEndpoint plain =
                    JobSettings.of(
                                    Map.of(
                                            "rivulet.server.address",
                                            address,
                                            "rivulet.server.retries",
                                            "0"))
                            .endpoint();
            assertThat(plain.tls()).isFalse();
            try (PolicyClient client = PolicyClients.open(plain)) {
                assertThatThrownBy(() -> client.version().join())
                        .isInstanceOf(CompletionException.class)
                        .cause()
                        .isInstanceOf(PolicyUnavailableException.class)
                        .hasMessageContaining("rivulet.server.tls");
            }
        }
    }

    @Test
    void aTrustedCertificateWithoutTlsIsRefused() {
        JobSettings s =
                JobSettings.of(Map.of("rivulet.server.tls-ca", dir.resolve("ca.pem").toString()));
        assertThatThrownBy(s::endpoint)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rivulet.server.tls-ca is set")
                .hasMessageContaining("rivulet.server.tls is false");
    }
}
