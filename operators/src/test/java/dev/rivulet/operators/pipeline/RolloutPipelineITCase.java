package dev.rivulet.operators.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.operators.RolloutPipeline;
import dev.rivulet.operators.learner.LearnerConfig;
import dev.rivulet.operators.loop.RolloutLoopConfig;
import dev.rivulet.operators.source.SequencePromptSource;
import dev.rivulet.operators.testing.ArithAnswerer;
import dev.rivulet.operators.testing.TestPolicyServer;
import dev.rivulet.protocol.LedgerEntry;
import dev.rivulet.protocol.Prompt;
import dev.rivulet.protocol.testing.DeterministicPolicyService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Source → RolloutLoop → LearnerSink on a MiniCluster with RocksDB and checkpoints, against a real
 * Flight test server, with one injected failure: the server's ledger must show every rollout of the
 * surviving lineage trained exactly once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RolloutPipelineITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path checkpoints;

    @Test
    void everyTrainedRolloutIsTrainedExactlyOnceAcrossAFailure() throws Exception {
        try (var server =
                new TestPolicyServer(new DeterministicPolicyService(new ArithAnswerer()))) {
            Configuration conf = new Configuration();
            conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
            conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
            conf.set(
                    RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
                    Duration.ofMillis(200));
            conf.set(PipelineOptions.GENERIC_TYPES, false);
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(2);
            env.enableCheckpointing(300);

            RolloutLoopConfig loop =
                    new RolloutLoopConfig(
                            server.endpoint(),
                            new RolloutLoopConfig.Strategies(
                                    RolloutLoopConfig.Choice.of("uniform"),
                                    new RolloutLoopConfig.Choice("fixed", Map.of("n", "4")),
                                    RolloutLoopConfig.Choice.of("reward-history"),
                                    RolloutLoopConfig.Choice.of("grpo"),
                                    Map.of(),
                                    false,
                                    false),
                            RolloutLoopConfig.Generation.raw(8),
                            new RolloutLoopConfig.Pacing(4, 2, 10, false, 0),
                            5L);
            LearnerConfig learner =
                    new LearnerConfig(
                            server.endpoint(),
                            "fifo",
                            Map.of("max-staleness", "1000", "max-reuse", "1"),
                            16,
                            4,
                            200,
                            false,
                            200);
            FailOnce.FAILED.set(false);
            FailOnce.SEEN.set(0);
            var prompts =
                    env.fromSource(
                            new SequencePromptSource(new ArithSequence(64)),
                            WatermarkStrategy.noWatermarks(),
                            "prompts",
                            TypeInformation.of(Prompt.class));
            var streams =
                    RolloutPipeline.build(
                            prompts,
                            2,
                            loop,
                            learner,
                            s -> s.map(new FailOnce(600)).uid("fail-once").name("fail-once"));
            streams.learnerSteps().sinkTo(new DiscardingSink<>());

            JobClient job = env.executeAsync("rollout-pipeline-itcase");
            try {
                // the ledger grows as batches are trained; wait for a good number after the failure
                while (!(FailOnce.FAILED.get() && server.service.ledger().size() >= 1500)) {
                    Thread.sleep(50);
                }
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            List<LedgerEntry> ledger = server.service.ledger();
            List<String> ids = ledger.stream().map(LedgerEntry::rolloutId).toList();
            assertThat(new HashSet<>(ids)).as("no rollout trained twice").hasSameSizeAs(ids);
            assertThat(server.recording.rollbacks)
                    .as("restores rolled the server back")
                    .isNotEmpty();
            assertThat(server.recording.commits).as("checkpoints committed versions").isNotEmpty();
        }
    }
}
