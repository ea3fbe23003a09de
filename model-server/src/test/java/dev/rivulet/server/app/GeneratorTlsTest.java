package dev.rivulet.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.error.PolicyUnavailableException;
import dev.rivulet.protocol.testing.SelfSignedCertificate;
import dev.rivulet.server.service.ServiceConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generator pulls from a learner that serves TLS ({@code serve --tls-cert/--tls-key}): with the
 * learner's CA it verifies the certificate and fetches the weights; in plaintext, or trusting only
 * the JVM's store (a self-signed certificate is not in it), it fails at start naming the learner.
 */
class GeneratorTlsTest {

    @TempDir static Path dir;

    private static SelfSignedCertificate cert;

    @BeforeAll
    static void certificate() throws Exception {
        cert = SelfSignedCertificate.generate(dir);
    }

    private static ServiceConfig tiny(long seed) {
        return ServiceConfig.defaults().withModelSize("tiny").withSeed(seed).withLimits(16, 8, 4);
    }

    private static ModelServer tlsLearner() throws Exception {
        return ModelServer.start(
                ModelServerConfig.local(tiny(7)).withMetricsPort(-1).withTls(cert.files()));
    }

    private static ModelServerConfig generator(ServerRole role) {
        return ModelServerConfig.local(tiny(99)).withMetricsPort(-1).withRole(role);
    }

    private static ServerRole plainRole(ModelServer learner) {
        return new ServerRole(ServerRole.Kind.GENERATOR, "127.0.0.1", learner.port(), 1, null);
    }

    @Test
    void withTheLearnersCaTheGeneratorFetchesItsWeightsDigestForDigest() throws Exception {
        try (ModelServer learner = tlsLearner();
                ModelServer gen =
                        ModelServer.start(
                                generator(plainRole(learner).withLearnerTls(cert.pem())))) {
            assertThat(gen.generator().orElseThrow().fetches()).isEqualTo(1);
            String learnerDigest = learner.service().digest(0).memory();
            assertThat(gen.service().digest(0).memory()).isEqualTo(learnerDigest);
            List<Completion> out = new ArrayList<>();
            gen.service()
                    .generate(
                            List.of(
                                    new GenerationRequest(
                                            "g", "p", "12+34=", 2, 1f, 1f, 4, 3L, false)),
                            out::add);
            assertThat(out).hasSize(2).allSatisfy(c -> assertThat(c.policyVersion()).isZero());
        }
    }

    @Test
    void aPlaintextGeneratorFailsAtStartNamingTheLearner() throws Exception {
        try (ModelServer learner = tlsLearner()) {
            String address = "127.0.0.1:" + learner.port();
            assertThatThrownBy(() -> ModelServer.start(generator(plainRole(learner))))
                    .isInstanceOf(PolicyUnavailableException.class)
                    .hasMessageContaining(
                            "generator cannot read the version from the learner at " + address)
                    .hasMessageContaining("plaintext")
                    .hasMessageContaining("start it with --learner-tls-ca FILE or --learner-tls");
        }
    }

    @Test
    void theJvmTrustStoreDoesNotTrustASelfSignedLearner() throws Exception {
        try (ModelServer learner = tlsLearner()) {
            String address = "127.0.0.1:" + learner.port();
            assertThatThrownBy(
                            () ->
                                    ModelServer.start(
                                            generator(plainRole(learner).withLearnerTls(null))))
                    .isInstanceOf(PolicyUnavailableException.class)
                    .hasMessageContaining(
                            "generator cannot read the version from the learner at " + address)
                    // a TLS client whose handshake failed (a plaintext one has no SslHandler)
                    .hasMessageContaining("SslHandler");
        }
    }
}
