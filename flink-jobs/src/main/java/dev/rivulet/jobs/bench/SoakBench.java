package dev.rivulet.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rivulet.jobs.JobSettings;
import dev.rivulet.jobs.OnlineRlJob;
import dev.rivulet.jobs.demo.TrainingRun;
import dev.rivulet.operators.client.PolicyClients;
import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.protocol.flight.PolicyClient;
import dev.rivulet.server.app.ModelServer;
import dev.rivulet.server.app.ModelServerConfig;
import dev.rivulet.server.service.ServiceConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Soak benchmark: the online-RL job on a MiniCluster (RocksDB, incremental checkpoints) against an
 * in-process tiny DJL model server for a long time, sampling heap use (after a GC) and the RocksDB
 * working directory and checkpoint sizes; writes {@code soak.json} and says whether both stayed
 * bounded (the last third's peak at most 1.5 times the middle third's). Not part of the build.
 *
 * <p>Usage: {@code SoakBench OUT_DIR [DURATION, e.g. 30m] [SAMPLE_EVERY, e.g. 10s]}.
 */
public final class SoakBench {

    private SoakBench() {}

    /** One sample. */
    record Sample(
            double elapsedS,
            long heapUsedBytes,
            long rocksdbBytes,
            long checkpointBytes,
            long policyVersion) {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "soak-out").toAbsolutePath();
        Duration duration = Duration.parse("PT" + (args.length > 1 ? args[1] : "30m"));
        Duration every = Duration.parse("PT" + (args.length > 2 ? args[2] : "10s"));
        Files.createDirectories(out);
        Map<String, Object> result = run(out, duration, every);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve("soak.json").toFile(), result);
        System.out.println(
                "wrote " + out.resolve("soak.json") + ": bounded=" + result.get("bounded"));
        System.exit(0);
    }

    /** Runs the soak and returns the soak.json content. */
    public static Map<String, Object> run(Path out, Duration duration, Duration every)
            throws Exception {
        Path rocks = out.resolve("rocksdb");
        Path checkpoints = out.resolve("checkpoints");
        List<Sample> samples = new ArrayList<>();
        try (ModelServer server =
                ModelServer.start(
                        ModelServerConfig.local(
                                        ServiceConfig.defaults()
                                                .withModelSize("tiny")
                                                .withCheckpointDir(out.resolve("server")))
                                .withMetricsPort(-1))) {
            PolicyEndpoint endpoint = PolicyEndpoint.local(server.port());
            Configuration conf = new Configuration();
            conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
            conf.setString("state.backend.rocksdb.localdir", rocks.toString());
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
            conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
            conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(3));
            conf.set(
                    CheckpointingOptions.TOLERABLE_FAILURE_NUMBER,
                    TrainingRun.TOLERABLE_FAILED_CHECKPOINTS);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
            conf.set(PipelineOptions.GENERIC_TYPES, false);
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(2);
            OnlineRlJob.build(
                    env,
                    JobSettings.of(
                            Map.of(
                                    "rivulet.source.mix", "arith(ops=+):1",
                                    "rivulet.source.pool-size", "60",
                                    "rivulet.loop.shards", "2",
                                    "rivulet.loop.max-new-tokens", "4",
                                    "rivulet.loop.prompts-per-call", "8",
                                    "rivulet.learner.batch-size", "32",
                                    "rivulet.learner.min-batch", "16",
                                    "rivulet.learner.max-staleness", "4")),
                    endpoint,
                    out.resolve("telemetry").toString());
            JobClient job = env.executeAsync("rivulet-soak");
            long start = System.nanoTime();
            try (PolicyClient client = PolicyClients.open(endpoint)) {
                while (System.nanoTime() - start < duration.toNanos()) {
                    Thread.sleep(every.toMillis());
                    if (job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                        throw new IllegalStateException("the soak job ended early");
                    }
                    System.gc();
                    Sample s =
                            new Sample(
                                    (System.nanoTime() - start) / 1e9,
                                    ManagementFactory.getMemoryMXBean()
                                            .getHeapMemoryUsage()
                                            .getUsed(),
                                    size(rocks),
                                    size(checkpoints),
                                    client.version().get(10, TimeUnit.SECONDS).current());
                    samples.add(s);
                    System.out.printf(
                            Locale.ROOT,
                            "t=%6.0fs heap=%6.1f MiB rocksdb=%6.1f MiB checkpoints=%6.1f MiB"
                                    + " version=%d%n",
                            s.elapsedS(),
                            s.heapUsedBytes() / 1048576.0,
                            s.rocksdbBytes() / 1048576.0,
                            s.checkpointBytes() / 1048576.0,
                            s.policyVersion());
                }
            } finally {
                job.cancel().get(1, TimeUnit.MINUTES);
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("duration_s", duration.toSeconds());
        r.put("samples", samples);
        boolean heap = bounded(samples, Sample::heapUsedBytes);
        boolean rocksdb = bounded(samples, Sample::rocksdbBytes);
        r.put("heap_bounded", heap);
        r.put("rocksdb_bounded", rocksdb);
        r.put("bounded", heap && rocksdb);
        return r;
    }

    /** The last third's peak is at most 1.5 times the middle third's peak. */
    static boolean bounded(List<Sample> samples, java.util.function.ToLongFunction<Sample> f) {
        int n = samples.size();
        if (n < 3) {
            return true;
        }
        long middle = samples.subList(n / 3, 2 * n / 3).stream().mapToLong(f).max().orElse(0);
        long last = samples.subList(2 * n / 3, n).stream().mapToLong(f).max().orElse(0);
        return last <= 1.5 * Math.max(1, middle);
    }

    private static long size(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .mapToLong(
                            p -> {
                                try {
                                    return Files.size(p);
                                } catch (IOException e) {
                                    return 0; // deleted while walking
                                }
                            })
                    .sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }
}
