package dev.rivulet.tools.bench;

import dev.rivulet.algo.task.TaskMix;
import dev.rivulet.jobs.OnlineRlJob;
import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.jobs.options.LoopOptions;
import dev.rivulet.operators.client.PolicyClients;
import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Prompt;
import dev.rivulet.protocol.flight.PolicyClient;
import dev.rivulet.protocol.flight.PolicyFlightServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Measures the pipeline's own throughput (source → RolloutLoop → LearnerSink with RocksDB and
 * checkpoints, against a model-less server) and a real server's generation rate for the same task
 * mix and call shape, so the two can be compared in one run.
 */
public final class PipelineBench {

    private PipelineBench() {}

    /**
     * Benchmark settings: the demo's defaults with no staleness bound and no asynchrony bound, so
     * the pipeline's own capacity is measured rather than the learner's pace.
     */
    public static JobSettings settings() {
        return JobSettings.of(
                Map.of(
                        "rivulet.source.pool-size", "2048",
                        "rivulet.loop.shards", "2",
                        "rivulet.loop.max-inflight-calls", "4",
                        "rivulet.loop.max-rollouts-per-version", "0",
                        "rivulet.learner.batch-size", "256",
                        "rivulet.learner.max-staleness", "1000000"));
    }

    /** Rollouts per second through the whole Flink pipeline with a model-less server. */
    public static double pipelineRolloutsPerSecond(Path dir, Duration warmup, Duration measure)
            throws Exception {
        NullModelService service = new NullModelService();
        try (PolicyFlightServer server = PolicyFlightServer.builder(service).start()) {
            Configuration conf = new Configuration();
            conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
            conf.set(
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    dir.resolve("checkpoints").toUri().toString());
            conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
            conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1));
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            conf.set(PipelineOptions.GENERIC_TYPES, false);
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(2);
            OnlineRlJob.build(
                    env,
                    settings(),
                    PolicyEndpoint.local(server.port()),
                    dir.resolve("telemetry").toString());
            JobClient job = env.executeAsync("rivulet-bench-pipeline");
            try {
                Thread.sleep(warmup.toMillis());
                long g0 = service.generated();
                long t0 = System.nanoTime();
                Thread.sleep(measure.toMillis());
                long g1 = service.generated();
                double secs = (System.nanoTime() - t0) / 1e9;
                return (g1 - g0) / secs;
            } finally {
                job.cancel().get(1, TimeUnit.MINUTES);
            }
        }
    }

    /**
     * Completions per second of a real server for the pipeline's call shape (M prompts × n samples
     * of the default task mix, sampled at temperature 1).
     */
    public static double generationRolloutsPerSecond(PolicyEndpoint endpoint, Duration measure)
            throws Exception {
        JobSettings s = settings();
        int m = s.get(LoopOptions.PROMPTS_PER_CALL);
        int n = s.get(LoopOptions.ROLLOUTS_PER_PROMPT);
        int maxNew = s.get(LoopOptions.MAX_NEW_TOKENS);
        TaskMix mix = TaskMix.defaultMix();
        try (PolicyClient client = PolicyClients.open(endpoint)) {
            long index = 0;
            List<GenerationRequest> warm = requests(mix, index, m, n, maxNew);
            client.generate(warm).get(5, TimeUnit.MINUTES);
            index += m;
            long done = 0;
            long t0 = System.nanoTime();
            long end = t0 + measure.toNanos();
            while (System.nanoTime() < end) {
                List<Completion> out =
                        client.generate(requests(mix, index, m, n, maxNew))
                                .get(5, TimeUnit.MINUTES);
                done += out.size();
                index += m;
            }
            return done / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static List<GenerationRequest> requests(
            TaskMix mix, long from, int m, int n, int maxNew) {
        List<GenerationRequest> out = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            Prompt p = mix.promptAt(7L, from + i);
            out.add(
                    new GenerationRequest(
                            "bench-" + (from + i),
                            p.id(),
                            p.text(),
                            n,
                            1f,
                            1f,
                            maxNew,
                            from + i,
                            false));
        }
        return out;
    }
}
