package dev.rivulet.tools.bench;

import dev.rivulet.jobs.OnlineRlJob;
import dev.rivulet.jobs.options.JobSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The real online RL job (source, RolloutLoop, LearnerSink; RocksDB, checkpoints every second, a
 * local MiniCluster) against a {@link SimulatedFleet}: generate calls to the generators, everything
 * else to the learner. Cancelled on {@link #close}.
 */
public final class FleetJob implements AutoCloseable {

    private final JobClient job;

    private FleetJob(JobClient job) {
        this.job = job;
    }

    /**
     * The settings of a fleet run: 4 shards, calls of 8 prompts × 8 rollouts, {@code
     * inflightPerShard} calls in flight per shard, the demo's task mix; {@code overrides} last.
     */
    public static JobSettings settings(
            SimulatedFleet fleet, int inflightPerShard, Map<String, String> overrides) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("rivulet.server.generators", fleet.generatorAddresses());
        m.put("rivulet.loop.shards", "4");
        m.put("rivulet.loop.prompts-per-call", "8");
        m.put("rivulet.loop.rollouts-per-prompt", "8");
        m.put("rivulet.loop.max-inflight-calls", Integer.toString(inflightPerShard));
        m.putAll(overrides);
        return JobSettings.of(m);
    }

    /**
     * Submits the job with {@code settings} against {@code fleet} at {@code parallelism}; files go
     * under {@code dir}.
     */
    public static FleetJob start(
            SimulatedFleet fleet, JobSettings settings, int parallelism, Path dir)
            throws Exception {
        long bufferTimeoutMillis = Long.getLong("rivulet.bench.buffer-timeout-ms", 5);
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                dir.resolve("checkpoints").toUri().toString());
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // a rollout waits in a network buffer until it fills or this passes: Flink's 100 ms
        // default is a round trip's worth of latency between generation and training
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(bufferTimeoutMillis));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        OnlineRlJob.build(
                env, settings, fleet.learnerEndpoint(), dir.resolve("telemetry").toString());
        return new FleetJob(env.executeAsync("rivulet-bench-fleet"));
    }

    /** Fails with the job's error when it stopped (it runs until cancelled). */
    public void checkRunning() throws Exception {
        if (job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
            job.getJobExecutionResult().get(10, TimeUnit.SECONDS);
            throw new IllegalStateException("the fleet job stopped");
        }
    }

    @Override
    public void close() throws Exception {
        if (!job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
            job.cancel().get(1, TimeUnit.MINUTES);
        }
    }
}
