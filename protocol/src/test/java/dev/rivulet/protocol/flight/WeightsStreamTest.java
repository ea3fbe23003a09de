package dev.rivulet.protocol.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.protocol.PolicyWeights;
import dev.rivulet.protocol.WeightTensor;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.protocol.error.PolicyServerException;
import dev.rivulet.protocol.testing.DeterministicPolicyService;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.AbstractList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * A version's weights go out as a DoGet stream of bounded chunks with a checksum trailer, and the
 * client assembles and checks them: a cut stream, a wrong checksum or an unknown version fail.
 */
class WeightsStreamTest {

    /** Spans three chunks, the last one partial. */
    private static final int BIG = 2 * WeightsStream.CHUNK_FLOATS + 1000;

    private static List<WeightTensor> tensors() {
        float[] big = new float[BIG];
        for (int i = 0; i < big.length; i++) {
            big[i] = (float) Math.sin(i) * 0.01f;
        }
        return List.of(
                new WeightTensor("embed", new long[] {BIG / 8, 8}, big),
                new WeightTensor("norm", new long[] {3}, new float[] {1f, -0f, Float.MIN_VALUE}),
                new WeightTensor("empty", new long[] {0}, new float[0]));
    }

    /** A deterministic service whose weights come from {@code weights}. */
    private static PolicyService service(LongFunction<PolicyWeights> weights) {
        DeterministicPolicyService inner = new DeterministicPolicyService();
        return (PolicyService)
                Proxy.newProxyInstance(
                        PolicyService.class.getClassLoader(),
                        new Class<?>[] {PolicyService.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("weights")) {
                                return weights.apply((Long) args[0]);
                            }
                            try {
                                return method.invoke(inner, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
    }

    private static PolicyWeights fetch(PolicyService service, long version) throws Exception {
        try (PolicyFlightServer server =
                        PolicyFlightServer.builder(service).port(0).failOnLeak(true).start();
                PolicyClient client =
                        PolicyClient.connect(
                                "127.0.0.1", server.port(), ServerFixture.FAST.withMaxRetries(0))) {
            try {
                return client.weights(version).join();
            } catch (CompletionException e) {
                throw (Exception) e.getCause();
            }
        }
    }

    @Test
    void weightsArriveWholeInChunksWithTheirChecksum() throws Exception {
        List<WeightTensor> sent = tensors();
        String digest = PolicyWeights.checksum(sent);
        PolicyWeights got = fetch(service(v -> new PolicyWeights(v, "L1", digest, sent)), 4);
        assertThat(got.version()).isEqualTo(4);
        assertThat(got.lineage()).isEqualTo("L1");
        assertThat(got.digest()).isEqualTo(digest);
        assertThat(got.tensors()).hasSize(3);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(got.tensors().get(i).name()).isEqualTo(sent.get(i).name());
            assertThat(got.tensors().get(i).shape()).isEqualTo(sent.get(i).shape());
            assertThat(got.tensors().get(i).values()).isEqualTo(sent.get(i).values());
        }
        assertThat(WeightsStream.chunkCount(BIG)).isEqualTo(3);
    }

    @Test
    void aStreamCutHalfwayFailsAndYieldsNothing() {
        List<WeightTensor> sent = tensors();
        String digest = PolicyWeights.checksum(sent);
        List<WeightTensor> cut =
                new AbstractList<>() {
                    @Override
                    public WeightTensor get(int i) {
                        if (i >= 1) {
                            throw new IllegalStateException("disk gone while reading tensor " + i);
                        }
                        return sent.get(i);
                    }

                    @Override
                    public int size() {
                        return sent.size();
                    }
                };
        assertThatThrownBy(() -> fetch(service(v -> new PolicyWeights(v, "L", digest, cut)), 2))
                .isInstanceOf(PolicyServerException.class)
                .hasMessageContaining("weights")
                .hasMessageContaining("disk gone while reading tensor 1");
    }

    @Test
    void aChecksumMismatchFailsNamingBothDigests() {
        List<WeightTensor> sent = tensors();
        String wrong = "00".repeat(32);
        assertThatThrownBy(() -> fetch(service(v -> new PolicyWeights(v, "L", wrong, sent)), 2))
                .isInstanceOf(PolicyServerException.class)
                .hasMessageContaining("weights of version 2 failed: checksum mismatch")
                .hasMessageContaining(PolicyWeights.checksum(sent))
                .hasMessageContaining(wrong);
    }

    @Test
    void anUnknownVersionIsAnInvalidRequestNamingIt() {
        PolicyService service =
                service(
                        v -> {
                            throw new PolicyInvalidRequestException(
                                    "weights: version " + v + " is not held");
                        });
        assertThatThrownBy(() -> fetch(service, 9))
                .isInstanceOf(PolicyInvalidRequestException.class)
                .hasMessageContaining("version 9 is not held");
    }

    @Test
    void aServiceWithoutWeightsRefusesByDefault() {
        assertThatThrownBy(() -> fetch(new DeterministicPolicyService(), 0))
                .isInstanceOf(PolicyInvalidRequestException.class)
                .hasMessageContaining("does not ship weights");
    }

    @Test
    void theChecksumIsSha256OfBigEndianFloatBits() {
        // SHA-256 of the 4 bytes 3f 80 00 00 (1.0f big-endian)
        assertThat(
                        PolicyWeights.checksum(
                                List.of(new WeightTensor("x", new long[] {1}, new float[] {1f}))))
                .isEqualTo(
                        java.util.HexFormat.of()
                                .formatHex(
                                        PolicyWeights.sha256()
                                                .digest(new byte[] {0x3f, (byte) 0x80, 0, 0})));
    }
}
