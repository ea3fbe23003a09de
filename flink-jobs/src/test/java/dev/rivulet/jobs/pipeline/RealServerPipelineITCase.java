package dev.rivulet.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.algo.task.TaskMix;
import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.operators.RolloutPipeline;
import dev.rivulet.operators.client.PolicyClients;
import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.operators.source.SequencePromptSource;
import dev.rivulet.operators.source.TaskMixSequence;
import dev.rivulet.protocol.LedgerEntry;
import dev.rivulet.protocol.Prompt;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.flight.PolicyClient;
import dev.rivulet.server.app.ModelServer;
import dev.rivulet.server.app.ModelServerConfig;
import dev.rivulet.server.service.ServiceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline ITCase against the real DJL model server (tiny model): source → RolloutLoop →
 * LearnerSink with RocksDB, checkpoints and one injected failure; the server's ledger shows every
 * trained rollout once.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RealServerPipelineITCase {

    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicLong SEEN = new AtomicLong();

    @TempDir Path dir;

    static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();

    /** Fail before the first completed checkpoint (a fresh start) instead of after one. */
    static final AtomicBoolean BEFORE_FIRST_CHECKPOINT = new AtomicBoolean();

    /** Set by the test once the server reports a version above 0 (it has trained). */
    static final AtomicBoolean SERVER_TRAINED = new AtomicBoolean();

    /**
     * Throws once after a number of rollouts: after a completed checkpoint, to force a restore from
     * it, or (with {@link #BEFORE_FIRST_CHECKPOINT}) before any, which makes the next attempt a
     * fresh start against a server that has already trained.
     */
    static final class FailOnce
            implements MapFunction<ScoredRollout, ScoredRollout>,
                    org.apache.flink.api.common.state.CheckpointListener {
        /** Whether this instance (this attempt) has seen a completed checkpoint. */
        private transient boolean checkpointed;

        @Override
        public ScoredRollout map(ScoredRollout r) {
            long seen = SEEN.incrementAndGet();
            boolean due =
                    BEFORE_FIRST_CHECKPOINT.get()
                            ? seen >= 300 && !checkpointed && SERVER_TRAINED.get()
                            : seen >= 400 && CHECKPOINTED.get();
            if (due && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure");
            }
            return r;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
            CHECKPOINTED.set(true);
        }
    }

    @Test
    void realServerTrainsEveryRolloutOnceAcrossAFailure() throws Exception {
        run(false);
    }

    /**
     * The fresh-start race (docs/reliability.md): the job fails after the server has trained but
     * before any checkpoint completed; the next attempt starts fresh, rolls the server back to
     * version 0, and its first calls may be answered by the weights before that rollback. It must
     * recover and train every rollout of the new attempt once.
     */
    @Test
    void aFailureBeforeTheFirstCheckpointRecoversByAFreshStart() throws Exception {
        run(true);
    }

    private void run(boolean beforeFirstCheckpoint) throws Exception {
        FAILED.set(false);
        SEEN.set(0);
        CHECKPOINTED.set(false);
        BEFORE_FIRST_CHECKPOINT.set(beforeFirstCheckpoint);
        SERVER_TRAINED.set(false);
        try (ModelServer server =
                ModelServer.start(
                        ModelServerConfig.local(
                                        ServiceConfig.defaults()
                                                .withModelSize("tiny")
                                                .withCheckpointDir(dir.resolve("server")))
                                .withMetricsPort(-1))) {
            PolicyEndpoint endpoint = PolicyEndpoint.local(server.port());
            JobSettings settings =
                    JobSettings.of(
                            Map.of(
                                    "rivulet.source.mix", "arith(ops=+):1",
                                    "rivulet.loop.max-new-tokens", "4",
                                    "rivulet.loop.prompts-per-call", "8",
                                    "rivulet.learner.batch-size", "32",
                                    "rivulet.learner.min-batch", "16",
                                    "rivulet.learner.max-staleness", "1000"));
            Configuration conf = new Configuration();
            conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
            conf.set(
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    dir.resolve("cp").toUri().toString());
            // the fresh-start case: no checkpoint completes before the failure at 300 rollouts
            conf.set(
                    CheckpointingOptions.CHECKPOINTING_INTERVAL,
                    Duration.ofMillis(beforeFirstCheckpoint ? 60_000 : 500));
            if (beforeFirstCheckpoint) {
                // Flink draws the first checkpoint's delay from [min pause, interval]
                conf.set(
                        CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, Duration.ofSeconds(60));
            }
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
            conf.set(PipelineOptions.GENERIC_TYPES, false);
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(1);
            var prompts =
                    env.fromSource(
                            new SequencePromptSource(
                                    new TaskMixSequence(TaskMix.parse("arith(ops=+):1"), 3L, 60)),
                            WatermarkStrategy.noWatermarks(),
                            "prompts",
                            TypeInformation.of(Prompt.class));
            RolloutPipeline.build(
                            prompts,
                            1,
                            settings.loopConfig(endpoint),
                            settings.learnerConfig(endpoint),
                            s -> s.map(new FailOnce()).name("fail-once"))
                    .learnerSteps()
                    .sinkTo(new DiscardingSink<>());
            JobClient job = env.executeAsync("real-server-pipeline");
            try (PolicyClient client = PolicyClients.open(endpoint)) {
                long trainedBeforeFailure = 0;
                while (!(FAILED.get() && client.ledger().get().size() >= 800)) {
                    if (!FAILED.get()) {
                        trainedBeforeFailure =
                                Math.max(trainedBeforeFailure, client.version().get().current());
                        SERVER_TRAINED.set(trainedBeforeFailure > 0);
                    }
                    Thread.sleep(200);
                }
                if (beforeFirstCheckpoint) {
                    // the server had trained before the failure, so the fresh start rolled back
                    assertThat(trainedBeforeFailure).isPositive();
                }
                job.cancel().get(30, TimeUnit.SECONDS);
                List<LedgerEntry> ledger = client.ledger().get();
                List<String> ids = ledger.stream().map(LedgerEntry::rolloutId).toList();
                assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
                assertThat(client.version().get().current()).isPositive();
            }
        }
    }
}
