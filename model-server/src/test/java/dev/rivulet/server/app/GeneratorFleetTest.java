package dev.rivulet.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.PolicyWeights;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.WeightTensor;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.protocol.error.PolicyUnavailableException;
import dev.rivulet.protocol.flight.PolicyClient;
import dev.rivulet.protocol.flight.PolicyFlightServer;
import dev.rivulet.protocol.flight.PolicyService;
import dev.rivulet.server.service.GeneratorService;
import dev.rivulet.server.testing.TrainRows;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A learner and a generator ({@code --role generator}) on loopback: the generator pulls the
 * learner's weights over Flight, stays within max-lag, keeps its weights when a fetch is cut, and
 * follows a rollback so that no completion is reported under an abandoned version.
 */
class GeneratorFleetTest {

    private static final PolicyClient.Options FAST =
            PolicyClient.Options.defaults().withDeadline(Duration.ofSeconds(60)).withMaxRetries(0);

    /**
     * A learner, a Flight front for it that cuts the weights stream halfway while {@link #cut} is
     * set, and a generator (another seed, so other initial weights) that follows the front.
     */
    private static final class Fleet implements AutoCloseable {
        final ModelServer learner;
        final AtomicBoolean cut = new AtomicBoolean();
        final PolicyFlightServer front;
        final ModelServer generator;
        final PolicyClient gen;
        final PolicyClient learn;
        private int batches;

        Fleet(int maxLag) throws Exception {
            learner =
                    ModelServer.start(
                            ModelServerConfig.local(RoleTestServers.tiny(7)).withMetricsPort(-1));
            front = PolicyFlightServer.builder(cutting(learner.service(), cut)).port(0).start();
            generator = RoleTestServers.generator(99, front.port(), maxLag);
            gen = PolicyClient.connect("127.0.0.1", generator.port(), FAST);
            learn = PolicyClient.connect("127.0.0.1", learner.port(), FAST);
        }

        GeneratorService service() {
            return generator.generator().orElseThrow();
        }

        /** One training step on the learner, on the learner's own samples. */
        long train() {
            String id = "b" + (++batches);
            List<Completion> out = learn.generate(List.of(request(id))).join();
            return learn.train(new TrainBatch(id, TrainRows.of(id + "-", out), false))
                    .join()
                    .policyVersion();
        }

        List<Completion> generate() {
            return gen.generate(List.of(request("g" + (++batches)))).join();
        }

        String learnerDigest(long v) {
            return learn.digest(v).join().memory();
        }

        String generatorDigest(long v) {
            return gen.digest(v).join().memory();
        }

        @Override
        public void close() throws Exception {
            learn.close();
            gen.close();
            generator.close();
            front.close();
            learner.close();
        }
    }

    private static GenerationRequest request(String id) {
        // a seed per request: after a rollback, the same step on other samples is a new version
        long seed = Math.floorMod(id.hashCode(), 10_000);
        return new GenerationRequest(id, "p-" + id, "12+34=", 2, 1f, 1f, 4, seed, false);
    }

    /** {@code inner}, but while {@code cut} is set its weights stream fails halfway. */
    private static PolicyService cutting(PolicyService inner, AtomicBoolean cut) {
        return (PolicyService)
                Proxy.newProxyInstance(
                        PolicyService.class.getClassLoader(),
                        new Class<?>[] {PolicyService.class},
                        (proxy, method, args) -> {
                            Object answer;
                            try {
                                answer = method.invoke(inner, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                            if (method.getName().equals("weights") && cut.get()) {
                                PolicyWeights w = (PolicyWeights) answer;
                                return new PolicyWeights(
                                        w.version(), w.lineage(), w.digest(), half(w.tensors()));
                            }
                            return answer;
                        });
    }

    private static List<WeightTensor> half(List<WeightTensor> all) {
        return new AbstractList<>() {
            @Override
            public WeightTensor get(int i) {
                if (i >= all.size() / 2) {
                    throw new IllegalStateException("connection to the learner's disk lost");
                }
                return all.get(i);
            }

            @Override
            public int size() {
                return all.size();
            }
        };
    }

    private static Throwable failure(Runnable call) {
        try {
            call.run();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("the call succeeded");
    }

    private static void assertVersion(List<Completion> completions, long version) {
        assertThat(completions).isNotEmpty();
        assertThat(completions).allSatisfy(c -> assertThat(c.policyVersion()).isEqualTo(version));
    }

    @Test
    void theGeneratorServesTheLearnersWeightsDigestForDigest() throws Exception {
        try (Fleet f = new Fleet(0)) {
            assertThat(f.service().fetches()).isEqualTo(1); // the start-up pull
            assertVersion(f.generate(), 0);
            assertThat(f.generatorDigest(0)).isEqualTo(f.learnerDigest(0));
            f.train();
            f.train();
            assertVersion(f.generate(), 2);
            assertThat(f.generatorDigest(2)).isEqualTo(f.learnerDigest(2));
            assertThat(f.generatorDigest(2)).isNotEqualTo(f.learnerDigest(0));
            assertThat(f.gen.version().join().current()).isEqualTo(2);
            assertThat(f.gen.version().join().lineage())
                    .isEqualTo(f.learn.version().join().lineage());
            // score answers on the held weights, under the held version
            Completion c = f.generate().get(0);
            var score =
                    f.gen.score(List.of(new ScoreRequest("s", c.promptTokens(), c.tokens())))
                            .join()
                            .get(0);
            assertThat(score.policyVersion()).isEqualTo(2);
            assertThat(score.logprobs()).hasSize(c.tokens().length);
        }
    }

    @Test
    void withinMaxLagItServesWithoutFetchingBeyondItFetchesFirst() throws Exception {
        try (Fleet f = new Fleet(1)) {
            f.train(); // learner at 1, generator at 0: within max-lag 1
            assertVersion(f.generate(), 0);
            assertThat(f.service().fetches()).isEqualTo(1);
            f.train();
            f.train(); // learner at 3: 3 ahead
            assertVersion(f.generate(), 3);
            assertThat(f.service().fetches()).isEqualTo(2);
            assertThat(f.generatorDigest(3)).isEqualTo(f.learnerDigest(3));
        }
    }

    @Test
    void aCutFetchKeepsTheOldWeightsFailsClearlyAndTheNextCallRetries() throws Exception {
        try (Fleet f = new Fleet(0)) {
            Completion c = f.generate().get(0);
            ScoreRequest probe = new ScoreRequest("s", c.promptTokens(), c.tokens());
            float[] before = f.gen.score(List.of(probe)).join().get(0).logprobs();
            String digestBefore = f.generatorDigest(0);
            f.train();
            f.cut.set(true);
            Throwable t = failure(() -> f.generate());
            assertThat(t)
                    .isInstanceOf(PolicyUnavailableException.class)
                    .hasMessageContaining("fetch version 1")
                    .hasMessageContaining("connection to the learner's disk lost")
                    .hasMessageContaining("the weights of version 0 stay in place");
            assertThat(f.service().heldVersion()).isZero();
            assertThat(f.generatorDigest(0)).isEqualTo(digestBefore);
            assertThat(f.gen.score(List.of(probe)).join().get(0).logprobs()).isEqualTo(before);
            f.cut.set(false);
            assertVersion(f.generate(), 1);
            assertThat(f.generatorDigest(1)).isEqualTo(f.learnerDigest(1));
        }
    }

    @Test
    void aRollbackReachesTheGeneratorNoCompletionUnderAnAbandonedVersion() throws Exception {
        try (Fleet f = new Fleet(1)) {
            f.train();
            f.train();
            assertVersion(f.generate(), 2); // 2 ahead of 0: fetched first
            f.train();
            f.train();
            assertVersion(f.generate(), 4);
            String abandoned = f.learnerDigest(4);
            f.learn.rollback(3).join();
            // the learner (3) is behind the generator (4), within max-lag: the lineage tells
            assertVersion(f.generate(), 3);
            assertThat(f.generatorDigest(3)).isEqualTo(f.learnerDigest(3));
            assertThat(f.train()).isEqualTo(4); // a new version 4
            assertThat(f.learnerDigest(4)).isNotEqualTo(abandoned);
            assertVersion(f.generate(), 3); // within max-lag of the new history: no fetch
            f.train();
            assertVersion(f.generate(), 5);
            assertThat(f.generatorDigest(5)).isEqualTo(f.learnerDigest(5));
            assertThat(f.service().fetches()).isEqualTo(5);
        }
    }

    @Test
    void aLearnerGoneFailsTheCallAndKeepsTheWeights() throws Exception {
        try (Fleet f = new Fleet(1)) {
            assertVersion(f.generate(), 0);
            String digest = f.generatorDigest(0);
            f.front.close(); // the learner's address stops answering
            assertThat(failure(() -> f.generate()))
                    .isInstanceOf(PolicyUnavailableException.class)
                    .hasMessageContaining("generator cannot read the version from the learner at")
                    .hasMessageContaining("the weights of version 0 stay in place");
            assertThat(f.generatorDigest(0)).isEqualTo(digest);
        }
    }

    @Test
    void aGeneratorOfAnotherShapeRefusesTheLearnersWeightsAtStart() throws Exception {
        try (ModelServer learner =
                ModelServer.start(
                        ModelServerConfig.local(RoleTestServers.tiny(7)).withMetricsPort(-1))) {
            ModelServerConfig other =
                    ModelServerConfig.local(RoleTestServers.tiny(7).withModelSize("small"))
                            .withMetricsPort(-1)
                            .withRole(
                                    new ServerRole(
                                            ServerRole.Kind.GENERATOR,
                                            "127.0.0.1",
                                            learner.port(),
                                            1,
                                            null));
            assertThatThrownBy(() -> ModelServer.start(other))
                    .hasMessageContaining("do not fit this generator's model")
                    .hasMessageContaining("start the generator with the learner's --model");
        }
    }

    @Test
    void learnerCallsAreRefusedWithTheLearnersAddress() throws Exception {
        try (Fleet f = new Fleet(1)) {
            String learner = "127.0.0.1:" + f.front.port();
            for (Runnable call :
                    List.<Runnable>of(
                            () -> f.gen.rollback(0).join(),
                            () -> f.gen.commit(1).join(),
                            () -> f.gen.prepare(1).join(),
                            () -> f.gen.ledger().join(),
                            () -> f.gen.weights(0).join(),
                            () ->
                                    f.gen.train(
                                                    new TrainBatch(
                                                            "x",
                                                            TrainRows.of("x-", f.generate()),
                                                            false))
                                            .join())) {
                assertThat(failure(call))
                        .isInstanceOf(PolicyInvalidRequestException.class)
                        .hasMessageContaining("this is a generator; send ")
                        .hasMessageContaining(" to the learner at " + learner);
            }
            assertThat(new ArrayList<>(f.learn.ledger().join())).isEmpty();
        }
    }
}
