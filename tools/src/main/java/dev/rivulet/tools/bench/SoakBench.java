package dev.rivulet.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rivulet.jobs.OnlineRlJob;
import dev.rivulet.jobs.RocksDbLogCap;
import dev.rivulet.jobs.RocksDbManifestCap;
import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.operators.client.PolicyClients;
import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.protocol.flight.PolicyClient;
import dev.rivulet.server.app.ModelServer;
import dev.rivulet.server.app.ModelServerConfig;
import dev.rivulet.server.service.ServiceConfig;
import dev.rivulet.tools.demo.TrainingRun;
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
 * working directory (state files and RocksDB's info {@code LOG} files apart), the checkpoint sizes
 * and the model server's in-memory ledger; writes {@code soak.json} and says whether heap, RocksDB
 * state and ledger stayed bounded: the last third's <em>mean</em> at most 1.25 times the middle
 * third's (a straight line from any offset above zero fails it). The earlier criterion (the last
 * third's peak at most 1.5 times the middle third's, which a line from zero passes) is reported
 * too. Not part of the build.
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
            long rocksdbStateBytes,
            long rocksdbLogBytes,
            long checkpointBytes,
            long serverDirBytes,
            long policyVersion,
            long ledgerRolloutsInMemory,
            long ledgerBatchesInMemory,
            long rememberedResults,
            long ledgerArchivedRollouts,
            double loadAverage) {}

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
        for (String k :
                List.of("heap", "rocksdb_state", "rocksdb_log", "ledger_rollouts_in_memory")) {
            System.out.println("  " + k + ": " + result.get(k));
        }
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
            RocksDbLogCap.apply(conf);
            RocksDbManifestCap.apply(conf);
            String manifest = System.getProperty("rivulet.soak.max-manifest");
            if (manifest != null) {
                conf.setString(RocksDbManifestCap.MAX_MANIFEST_FILE_SIZE.key(), manifest);
            }
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
                    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                    long log = size(rocks, SoakBench::isRocksDbInfoLog);
                    long all = size(rocks, p -> true);
                    var ledger = server.policyService().ledgerFootprint();
                    Sample s =
                            new Sample(
                                    (System.nanoTime() - start) / 1e9,
                                    heap,
                                    all,
                                    all - log,
                                    log,
                                    size(checkpoints, p -> true),
                                    size(out.resolve("server"), p -> true),
                                    client.version().get(10, TimeUnit.SECONDS).current(),
                                    ledger.rollouts(),
                                    ledger.batches(),
                                    ledger.results(),
                                    ledger.archivedRollouts(),
                                    ManagementFactory.getOperatingSystemMXBean()
                                            .getSystemLoadAverage());
                    samples.add(s);
                    System.out.printf(
                            Locale.ROOT,
                            "t=%6.0fs heap=%6.1f MiB rocksdb=%6.1f MiB (state %6.1f, LOG %6.1f)"
                                    + " checkpoints=%6.1f MiB server-dir=%6.1f MiB version=%d"
                                    + " ledger-in-memory=%d rollouts/%d batches results=%d"
                                    + " archived=%d load=%.1f%n",
                            s.elapsedS(),
                            s.heapUsedBytes() / 1048576.0,
                            s.rocksdbBytes() / 1048576.0,
                            s.rocksdbStateBytes() / 1048576.0,
                            s.rocksdbLogBytes() / 1048576.0,
                            s.checkpointBytes() / 1048576.0,
                            s.serverDirBytes() / 1048576.0,
                            s.policyVersion(),
                            s.ledgerRolloutsInMemory(),
                            s.ledgerBatchesInMemory(),
                            s.rememberedResults(),
                            s.ledgerArchivedRollouts(),
                            s.loadAverage());
                }
            } finally {
                job.cancel().get(1, TimeUnit.MINUTES);
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("duration_s", duration.toSeconds());
        r.put("samples", samples);
        Map<String, Object> heap = thirds(samples, Sample::heapUsedBytes);
        Map<String, Object> state = thirds(samples, Sample::rocksdbStateBytes);
        Map<String, Object> ledger = thirds(samples, Sample::ledgerRolloutsInMemory);
        r.put("heap", heap);
        r.put("rocksdb_state", state);
        r.put("rocksdb_log", thirds(samples, Sample::rocksdbLogBytes));
        r.put("rocksdb_total", thirds(samples, Sample::rocksdbBytes));
        r.put("ledger_rollouts_in_memory", ledger);
        r.put("server_dir", thirds(samples, Sample::serverDirBytes));
        r.put(
                "criterion",
                "bounded: last third's mean <= " + MEAN_RATIO + " x middle third's mean");
        r.put(
                "bounded",
                (boolean) heap.get("bounded")
                        && (boolean) state.get("bounded")
                        && (boolean) ledger.get("bounded"));
        return r;
    }

    /** Largest ratio of the last third's mean to the middle third's that counts as bounded. */
    static final double MEAN_RATIO = 1.25;

    /**
     * Means and peaks of the middle and last thirds of a series, their ratios, the verdict of the
     * mean criterion ({@code bounded}: last mean ≤ {@link #MEAN_RATIO} × middle mean) and of the
     * earlier peak criterion ({@code bounded_by_peak}: last peak ≤ 1.5 × middle peak).
     */
    static Map<String, Object> thirds(
            List<Sample> samples, java.util.function.ToLongFunction<Sample> f) {
        Map<String, Object> m = new LinkedHashMap<>();
        int n = samples.size();
        if (n < 3) {
            m.put("bounded", true);
            m.put("bounded_by_peak", true);
            return m;
        }
        var middle = samples.subList(n / 3, 2 * n / 3).stream().mapToLong(f).summaryStatistics();
        var last = samples.subList(2 * n / 3, n).stream().mapToLong(f).summaryStatistics();
        double meanRatio = last.getAverage() / Math.max(1, middle.getAverage());
        double peakRatio = last.getMax() / (double) Math.max(1, middle.getMax());
        m.put("middle_mean", middle.getAverage());
        m.put("last_mean", last.getAverage());
        m.put("mean_ratio", meanRatio);
        m.put("middle_peak", middle.getMax());
        m.put("last_peak", last.getMax());
        m.put("peak_ratio", peakRatio);
        m.put("bounded", meanRatio <= MEAN_RATIO);
        m.put("bounded_by_peak", peakRatio <= 1.5);
        return m;
    }

    /** RocksDB's own info log: {@code LOG} and rolled {@code LOG.old.<n>} files. */
    static boolean isRocksDbInfoLog(Path p) {
        String name = p.getFileName().toString();
        return name.equals("LOG") || name.startsWith("LOG.old") || name.endsWith("_LOG");
    }

    private static long size(Path dir, java.util.function.Predicate<Path> which) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(which)
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
