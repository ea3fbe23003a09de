package dev.rivulet.operators.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.operators.telemetry.RolloutEvent;
import dev.rivulet.operators.telemetry.Telemetry;
import dev.rivulet.operators.testing.ArithAnswerer;
import dev.rivulet.operators.testing.Harnesses;
import dev.rivulet.operators.testing.TestPolicyServer;
import dev.rivulet.protocol.Prompt;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.testing.DeterministicPolicyService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Harness tests of the RolloutLoop on RocksDB against a real Flight test server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RolloutLoopOperatorTest {

    private static RolloutLoopConfig config(PolicyEndpoint endpoint) {
        return config(endpoint, false);
    }

    private static RolloutLoopConfig config(PolicyEndpoint endpoint, boolean sync) {
        return config(endpoint, sync, 0);
    }

    private static RolloutLoopConfig config(
            PolicyEndpoint endpoint, boolean sync, int maxRolloutsPerVersion) {
        return new RolloutLoopConfig(
                endpoint,
                new RolloutLoopConfig.Strategies(
                        RolloutLoopConfig.Choice.of("uniform"),
                        new RolloutLoopConfig.Choice("fixed", Map.of("n", "4")),
                        RolloutLoopConfig.Choice.of("reward-history"),
                        RolloutLoopConfig.Choice.of("grpo"),
                        Map.of(),
                        false,
                        false),
                RolloutLoopConfig.Generation.raw(8),
                new RolloutLoopConfig.Pacing(3, 1, 100, sync, maxRolloutsPerVersion),
                11L);
    }

    private static KeyedOneInputStreamOperatorTestHarness<Integer, Prompt, ScoredRollout> harness(
            RolloutLoopConfig config) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<Integer, Prompt, ScoredRollout>(
                        new RolloutLoopOperatorFactory(config), p -> 0, Types.INT);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    private static List<Prompt> prompts(int n) {
        List<Prompt> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(
                    new Prompt(
                            "arith-" + i, "arith", 1, i + "+" + (i + 1) + "=", "" + (2 * i + 1)));
        }
        return out;
    }

    /** Opens with 9 prompts and runs one call: 3 prompts x 4 samples = 12, the bound. */
    private static void generateUpToTheBound(
            KeyedOneInputStreamOperatorTestHarness<Integer, Prompt, ScoredRollout> h)
            throws Exception {
        h.open();
        for (Prompt p : prompts(9)) {
            h.processElement(new StreamRecord<>(p));
        }
        h.setProcessingTime(100);
        Harnesses.runMailsUntil(h, () -> Harnesses.values(h).size() >= 12);
    }

    @Test
    void selectsGeneratesScoresAndEmitsRolloutsWithUniqueIds() throws Exception {
        try (var server =
                        new TestPolicyServer(new DeterministicPolicyService(new ArithAnswerer()));
                var h = harness(config(server.endpoint()))) {
            h.open();
            for (Prompt p : prompts(6)) {
                h.processElement(new StreamRecord<>(p));
            }
            h.setProcessingTime(100); // first tick: one call with 3 prompts x 4 samples
            Harnesses.runMailsUntil(h, () -> Harnesses.values(h).size() >= 12);
            h.setProcessingTime(200); // second tick: the other 3 prompts (uniform epoch)
            Harnesses.runMailsUntil(h, () -> Harnesses.values(h).size() >= 24);

            List<ScoredRollout> out = Harnesses.values(h);
            assertThat(out).hasSize(24);
            assertThat(new HashSet<>(out.stream().map(ScoredRollout::rolloutId).toList()))
                    .hasSize(24);
            assertThat(out.stream().map(ScoredRollout::promptId).distinct()).hasSize(6);
            // grpo: every group of 4 has zero-mean advantages; rewards are 0/1 from the verifier
            assertThat(out).allSatisfy(r -> assertThat(r.reward()).isIn(0.0, 1.0));
            assertThat(out.stream().mapToDouble(ScoredRollout::advantage).sum())
                    .isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(out.stream().anyMatch(r -> r.advantage() != 0)).isTrue();
            List<RolloutEvent> events =
                    h.getSideOutput(Telemetry.ROLLOUTS).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(events).hasSize(24);
            assertThat(server.recording.requestIds).hasSize(6);
        }
    }

    @Test
    void aRefusedPromptLeavesThePoolAsADeadLetterAndIsNeverSentAgain() throws Exception {
        // code points are tokens: 8 new tokens leave room for 7 prompt characters in 15
        DeterministicPolicyService service =
                new DeterministicPolicyService(new ArithAnswerer()).withContext(15);
        try (var server = new TestPolicyServer(service);
                var h = harness(config(server.endpoint()))) {
            h.open();
            List<Prompt> all = new ArrayList<>(prompts(6));
            all.add(2, new Prompt("long", "arith", 1, "1234567+1=", "1234568"));
            for (Prompt p : all) {
                h.processElement(new StreamRecord<>(p));
            }
            long t = 100;
            while (Harnesses.values(h).size() < 6 * 4 * 2) {
                h.setProcessingTime(t);
                t += 100;
                Thread.sleep(20); // let the server answer
                Harnesses.runPendingMails(h);
                assertThat(t).as("the loop went on serving the good prompts").isLessThan(20_000);
            }
            var refused = h.getSideOutput(Telemetry.REFUSED_PROMPTS);
            assertThat(refused).hasSize(1);
            var dead = refused.peek().getValue();
            assertThat(dead.source()).isEqualTo("prompt:long");
            assertThat(dead.code()).isEqualTo("prompt-too-long");
            assertThat(dead.reason())
                    .contains("too long: 10 prompt tokens + 8 new tokens > context 15");
            assertThat(dead.raw()).isEqualTo("1234567+1=");
            assertThat(Harnesses.values(h))
                    .extracting(ScoredRollout::promptId)
                    .doesNotContain("long");
            // sent in its first call of 3 prompts, then once alone; never again
            assertThat(server.recording.generatedPromptIds.stream().filter("long"::equals))
                    .hasSize(2);
        }
    }

    @Test
    void syncModeGeneratesAgainOnlyAfterTheLearnerTrained() throws Exception {
        try (var server =
                        new TestPolicyServer(new DeterministicPolicyService(new ArithAnswerer()));
                var h = harness(config(server.endpoint(), true))) {
            h.open();
            for (Prompt p : prompts(6)) {
                h.processElement(new StreamRecord<>(p));
            }
            h.setProcessingTime(100);
            Harnesses.runMailsUntil(h, () -> Harnesses.values(h).size() >= 12);
            h.setProcessingTime(200);
            h.setProcessingTime(300);
            assertThat(server.recording.requestIds).as("waits for the learner").hasSize(3);
            server.service.train(
                    new dev.rivulet.protocol.TrainBatch("b0", Harnesses.values(h), false));
            h.setProcessingTime(400);
            Harnesses.runMailsUntil(h, () -> Harnesses.values(h).size() >= 24);
            assertThat(server.recording.requestIds).as("generates after a train step").hasSize(6);
            assertThat(Harnesses.values(h).subList(12, 24))
                    .allSatisfy(r -> assertThat(r.policyVersion()).isEqualTo(1L));
        }
    }

    @Test
    void theVersionCheckDoesNotBlockTheTaskThread() throws Exception {
        try (var server =
                        new TestPolicyServer(new DeterministicPolicyService(new ArithAnswerer()));
                var h = harness(config(server.endpoint(), true))) {
            h.open();
            for (Prompt p : prompts(6)) {
                h.processElement(new StreamRecord<>(p));
            }
            h.setProcessingTime(100);
            Harnesses.runMailsUntil(h, () -> Harnesses.values(h).size() >= 12);
            server.service.train(
                    new dev.rivulet.protocol.TrainBatch("b0", Harnesses.values(h), false));
            synchronized (server.service) { // the server cannot answer the version check
                long start = System.nanoTime();
                h.setProcessingTime(200); // sends the check and returns
                h.setProcessingTime(300);
                assertThat(Duration.ofNanos(System.nanoTime() - start))
                        .as("far below the 30 s deadline")
                        .isLessThan(Duration.ofSeconds(5));
                assertThat(server.recording.requestIds).as("the gate is closed").hasSize(3);
            }
            // the answer (version 1) comes back as a mail and the shard generates at once
            Harnesses.runMailsUntil(h, () -> Harnesses.values(h).size() >= 24);
            assertThat(server.recording.requestIds).hasSize(6);
        }
    }

    @Test
    void boundedAsynchronyWaitsForTheLearnersNextVersion() throws Exception {
        try (var server =
                        new TestPolicyServer(new DeterministicPolicyService(new ArithAnswerer()));
                var h = harness(config(server.endpoint(), false, 12))) {
            generateUpToTheBound(h);
            h.setProcessingTime(200);
            h.setProcessingTime(300);
            assertThat(server.recording.requestIds).as("bound reached at version 0").hasSize(3);
            server.service.train(
                    new dev.rivulet.protocol.TrainBatch("b0", Harnesses.values(h), false));
            h.setProcessingTime(400);
            Harnesses.runMailsUntil(h, () -> Harnesses.values(h).size() >= 24);
            assertThat(server.recording.requestIds).as("a fresh budget at version 1").hasSize(6);
        }
    }

    @Test
    void aRollbackBehindTheCountedRolloutsEndsTheWait() throws Exception {
        try (var server =
                        new TestPolicyServer(new DeterministicPolicyService(new ArithAnswerer()));
                var h = harness(config(server.endpoint(), false, 12))) {
            generateUpToTheBound(h); // 12 rollouts at version 0
            server.service.train(
                    new dev.rivulet.protocol.TrainBatch("b0", Harnesses.values(h), false));
            h.setProcessingTime(200); // the bound, seen
            h.setProcessingTime(300); // version 1: a fresh budget, 12 more
            Harnesses.runMailsUntil(h, () -> Harnesses.values(h).size() >= 24);
            h.setProcessingTime(400);
            h.setProcessingTime(500);
            assertThat(server.recording.requestIds).as("bound reached at version 1").hasSize(6);
            // a restored LearnerSink rolls the server back behind those rollouts; the learner
            // drops them as stale, so waiting for version 2 would wait forever
            server.service.rollback(0);
            h.setProcessingTime(600);
            Harnesses.runMailsUntil(h, () -> Harnesses.values(h).size() >= 36);
            assertThat(server.recording.requestIds).as("generating again").hasSize(9);
            assertThat(Harnesses.values(h).subList(24, 36))
                    .allSatisfy(r -> assertThat(r.policyVersion()).isZero());
        }
    }

    @Test
    void inflightCallsSurviveSnapshotAndAreReissuedWithTheSameIds() throws Exception {
        DeterministicPolicyService service =
                new DeterministicPolicyService(new ArithAnswerer())
                        .withDelay(Duration.ofSeconds(30));
        try (var server = new TestPolicyServer(service)) {
            RolloutLoopConfig config = config(server.endpoint());
            OperatorSubtaskState snapshot;
            var first = harness(config);
            first.open();
            for (Prompt p : prompts(3)) {
                first.processElement(new StreamRecord<>(p));
            }
            first.setProcessingTime(100); // the call goes out and blocks on the server
            while (server.recording.requestIds.size() < 3) {
                Thread.onSpinWait(); // the request reaches the server asynchronously
            }
            snapshot = first.snapshot(1L, 100L);
            assertThat(Harnesses.values(first)).isEmpty();
            List<String> sentBefore = List.copyOf(server.recording.requestIds);

            try (var second = harness(config)) {
                second.initializeState(snapshot);
                second.open(); // re-issues the in-flight call from keyed state
                while (server.recording.requestIds.size() < 6) {
                    Thread.onSpinWait();
                }
                assertThat(server.recording.requestIds.subList(3, 6))
                        .containsExactlyElementsOf(sentBefore);
                service.releaseDelays();
                Harnesses.runMailsUntil(second, () -> Harnesses.values(second).size() >= 12);
                List<ScoredRollout> out = Harnesses.values(second);
                assertThat(out).hasSize(12);
                assertThat(out.stream().map(ScoredRollout::rolloutId).distinct()).hasSize(12);
                // the pool and its statistics came back too: all three prompts were visited once
                second.setProcessingTime(200);
                Harnesses.runMailsUntil(second, () -> Harnesses.values(second).size() >= 24);
                assertThat(server.recording.requestIds).hasSize(9);
            } finally {
                first.close();
            }
        }
    }

    private static List<RolloutEvent> events(
            KeyedOneInputStreamOperatorTestHarness<Integer, Prompt, ScoredRollout> h) {
        var out = h.getSideOutput(Telemetry.ROLLOUTS);
        return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void aPriorCallInFlightSurvivesSnapshotAndItsSamplesNeverReachTheLearner() throws Exception {
        DeterministicPolicyService service =
                new DeterministicPolicyService(new ArithAnswerer())
                        .withDelay(Duration.ofSeconds(30));
        try (var server = new TestPolicyServer(service)) {
            // SPO with its default prior of 8 samples per new prompt
            RolloutLoopConfig config =
                    new RolloutLoopConfig(
                            server.endpoint(),
                            new RolloutLoopConfig.Strategies(
                                    RolloutLoopConfig.Choice.of("uniform"),
                                    new RolloutLoopConfig.Choice("fixed", Map.of("n", "1")),
                                    RolloutLoopConfig.Choice.of("beta-kl"),
                                    RolloutLoopConfig.Choice.of("spo"),
                                    Map.of(),
                                    false,
                                    false),
                            RolloutLoopConfig.Generation.raw(8),
                            new RolloutLoopConfig.Pacing(3, 1, 100, false, 0),
                            11L);
            OperatorSubtaskState snapshot;
            var first = harness(config);
            first.open();
            for (Prompt p : prompts(3)) {
                first.processElement(new StreamRecord<>(p));
            }
            first.setProcessingTime(100); // the prior call goes out and blocks on the server
            while (server.recording.requestIds.size() < 3) {
                Thread.onSpinWait();
            }
            snapshot = first.snapshot(1L, 100L);
            List<String> priorIds = List.copyOf(server.recording.requestIds);

            try (var second = harness(config)) {
                second.initializeState(snapshot);
                second.open(); // re-issues the prior call, same ids
                while (server.recording.requestIds.size() < 6) {
                    Thread.onSpinWait();
                }
                assertThat(server.recording.requestIds.subList(3, 6))
                        .containsExactlyElementsOf(priorIds);
                service.releaseDelays();
                Harnesses.runMailsUntil(second, () -> events(second).size() >= 24);
                assertThat(events(second))
                        .hasSize(24)
                        .allSatisfy(e -> assertThat(e.phase()).isEqualTo(RolloutEvent.PRIOR));
                assertThat(Harnesses.values(second)).as("nothing for the learner").isEmpty();

                second.setProcessingTime(200); // now the prompts are selectable: one training call
                Harnesses.runMailsUntil(second, () -> Harnesses.values(second).size() >= 3);
                assertThat(Harnesses.values(second)).hasSize(3);
                assertThat(server.recording.requestIds).as("no second prior call").hasSize(9);
                assertThat(server.recording.requestIds.subList(6, 9))
                        .doesNotContainAnyElementsOf(priorIds);
            } finally {
                first.close();
            }
        }
    }
}
