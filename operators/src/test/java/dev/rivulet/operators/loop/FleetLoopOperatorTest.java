package dev.rivulet.operators.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.operators.testing.ArithAnswerer;
import dev.rivulet.operators.testing.Harnesses;
import dev.rivulet.operators.testing.TestPolicyServer;
import dev.rivulet.protocol.Prompt;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.fleet.GeneratorSpec;
import dev.rivulet.protocol.testing.DeterministicPolicyService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The RolloutLoop with a fleet (issue 17): generate calls spread over generator servers, version
 * checks on the learner, a closed generator's calls answered by the other; real Flight servers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FleetLoopOperatorTest {

    private static RolloutLoopConfig config(
            PolicyEndpoint learner, boolean sync, int maxInflight, TestPolicyServer... gens) {
        List<String> addresses = new ArrayList<>();
        for (TestPolicyServer g : gens) {
            addresses.add("127.0.0.1:" + g.endpoint().port());
        }
        return new RolloutLoopConfig(
                        learner,
                        new RolloutLoopConfig.Strategies(
                                RolloutLoopConfig.Choice.of("uniform"),
                                new RolloutLoopConfig.Choice("fixed", Map.of("n", "4")),
                                RolloutLoopConfig.Choice.of("reward-history"),
                                RolloutLoopConfig.Choice.of("grpo"),
                                Map.of(),
                                false,
                                false),
                        RolloutLoopConfig.Generation.raw(8),
                        new RolloutLoopConfig.Pacing(3, maxInflight, 100, sync, 0),
                        11L)
                .withGenerators(GeneratorSpec.parse(String.join(",", addresses)));
    }

    private static KeyedOneInputStreamOperatorTestHarness<Integer, Prompt, ScoredRollout> harness(
            RolloutLoopConfig config) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<Integer, Prompt, ScoredRollout>(
                        new RolloutLoopOperatorFactory(config), p -> 0, Types.INT);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    private static TestPolicyServer server() {
        return new TestPolicyServer(new DeterministicPolicyService(new ArithAnswerer()));
    }

    private static void admit(
            KeyedOneInputStreamOperatorTestHarness<Integer, Prompt, ScoredRollout> h, int n)
            throws Exception {
        for (int i = 0; i < n; i++) {
            h.processElement(
                    new StreamRecord<>(
                            new Prompt(
                                    "arith-" + i,
                                    "arith",
                                    1,
                                    i + "+" + (i + 1) + "=",
                                    "" + (2 * i + 1))));
        }
    }

    @Test
    void generateCallsSpreadOverTheFleetAndNoneReachTheLearner() throws Exception {
        try (var learner = server();
                var g0 = server();
                var g1 = server();
                var h = harness(config(learner.endpoint(), false, 2, g0, g1))) {
            h.open();
            admit(h, 6);
            h.setProcessingTime(100); // two calls of 3 prompts: one per generator
            Harnesses.runMailsUntil(h, () -> Harnesses.values(h).size() >= 24);

            assertThat(Harnesses.values(h).stream().map(ScoredRollout::rolloutId).distinct())
                    .hasSize(24);
            assertThat(g0.recording.requestIds).hasSize(3);
            assertThat(g1.recording.requestIds).hasSize(3);
            assertThat(learner.service.callCount("generate")).isZero();
        }
    }

    @Test
    void syncModeWaitsForTheLearnersVersionNotTheGenerators() throws Exception {
        try (var learner = server();
                var g0 = server();
                var g1 = server();
                var h = harness(config(learner.endpoint(), true, 1, g0, g1))) {
            h.open();
            admit(h, 6);
            h.setProcessingTime(100);
            Harnesses.runMailsUntil(h, () -> Harnesses.values(h).size() >= 12);
            h.setProcessingTime(200);
            h.setProcessingTime(300);
            assertThat(g0.recording.requestIds.size() + g1.recording.requestIds.size())
                    .as("waits for the learner")
                    .isEqualTo(3);
            // only the learner trains: the generators stay at version 0, so a gate that asked
            // them would never open
            learner.service.train(new TrainBatch("b0", Harnesses.values(h), false));
            h.setProcessingTime(400);
            Harnesses.runMailsUntil(h, () -> Harnesses.values(h).size() >= 24);
            assertThat(g0.recording.requestIds.size() + g1.recording.requestIds.size())
                    .isEqualTo(6);
            assertThat(Harnesses.values(h))
                    .as("the versions the generators reported")
                    .allSatisfy(r -> assertThat(r.policyVersion()).isZero());
            assertThat(learner.service.callCount("generate")).isZero();
        }
    }

    @Test
    void theCallsOfAClosedGeneratorAreAnsweredOnceByTheOther() throws Exception {
        try (var learner = server();
                var live = server()) {
            TestPolicyServer gone = server();
            RolloutLoopConfig config = config(learner.endpoint(), false, 2, gone, live);
            gone.close(); // its first call (the tie goes to it) fails as unavailable
            try (var h = harness(config)) {
                h.open();
                admit(h, 6);
                h.setProcessingTime(100);
                Harnesses.runMailsUntil(h, () -> Harnesses.values(h).size() >= 24);
                h.setProcessingTime(200);
                Harnesses.runMailsUntil(h, () -> Harnesses.values(h).size() >= 48);

                List<ScoredRollout> out = Harnesses.values(h);
                assertThat(out).hasSize(48);
                assertThat(out.stream().map(ScoredRollout::rolloutId).distinct()).hasSize(48);
                assertThat(live.recording.requestIds).as("every request, once").hasSize(12);
                assertThat(live.recording.requestIds.stream().distinct()).hasSize(12);
            }
        }
    }
}
