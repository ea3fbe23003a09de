package dev.rivulet.tools.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.jobs.CheckpointPolicy;
import dev.rivulet.jobs.OnlineRlJob;
import dev.rivulet.operators.client.PolicyClients;
import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.operators.telemetry.TelemetrySinks;
import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.WeightsDigest;
import dev.rivulet.protocol.flight.PolicyClient;
import dev.rivulet.server.app.ModelServer;
import dev.rivulet.server.app.ModelServerConfig;
import dev.rivulet.server.service.ServiceConfig;
import dev.rivulet.tools.chaos.S3Store.StoredObject;
import dev.rivulet.tools.report.TelemetryReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints and savepoints on an S3-compatible object store: S3Proxy (in this JVM, loopback, keys
 * checked) and Flink's S3 filesystem loaded as a plugin from {@code
 * target/flink-plugins/s3-fs-hadoop/} (the Flink image's layout), configured by the {@code s3.*}
 * keys of docker/flink/config.yaml. The real job (OnlineRlJob, RocksDB) on a MiniCluster against
 * the real model server (tiny model) checkpoints to {@code s3://bucket/checkpoints}, is stopped
 * with a savepoint to {@code s3://bucket/savepoints} (the configured default), resumed from it,
 * trains on, and is stopped again; the surviving lineage is accounted as in the chaos
 * savepoint-resume scenario ({@link Accounting}: 0 lost, 0 duplicated).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class S3CheckpointITCase {

    static final String BUCKET = "rivulet-state";

    /** A completed checkpoint's metadata object: checkpoints/&lt;job id&gt;/chk-N/_metadata. */
    static final Pattern CHECKPOINT_METADATA =
            Pattern.compile("checkpoints/[0-9a-f]{32}/chk-\\d+/_metadata");

    /** A savepoint's metadata object: savepoints/savepoint-&lt;id&gt;/_metadata. */
    static final Pattern SAVEPOINT_METADATA =
            Pattern.compile("savepoints/savepoint-[0-9a-f-]+/_metadata");

    @TempDir Path dir;

    @AfterEach
    void resetFileSystems() {
        // the failsafe JVM runs other ITCases after this one: back to the class path's file systems
        FileSystem.initialize(new Configuration(), null);
    }

    @Test
    void checkpointsAndASavepointOnS3ResumeWithoutLossOrDuplicates() throws Exception {
        Path plugins = Path.of("target", "flink-plugins").toAbsolutePath();
        assertThat(plugins.resolve("s3-fs-hadoop"))
                .as("the S3 plugin copied by the build (mvn generate-test-resources -pl tools)")
                .isDirectoryContaining("glob:**flink-s3-fs-hadoop-*.jar");
        Path telemetry = dir.resolve("telemetry");
        Files.createDirectories(telemetry);
        long t0 = System.nanoTime();
        try (S3Store s3 = S3Store.start(BUCKET);
                ModelServer server =
                        ModelServer.start(
                                ModelServerConfig.local(
                                                ServiceConfig.defaults()
                                                        .withModelSize("tiny")
                                                        .withSeed(3)
                                                        .withCheckpointDir(dir.resolve("server")))
                                        .withMetricsPort(-1))) {
            Configuration conf = s3.flinkConfiguration();
            conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, s3.uri("checkpoints"));
            conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, s3.uri("savepoints"));
            conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1));
            conf.set(
                    CheckpointingOptions.TOLERABLE_FAILURE_NUMBER,
                    CheckpointPolicy.TOLERABLE_FAILED_CHECKPOINTS);
            conf.set(PipelineOptions.GENERIC_TYPES, false);
            S3Store.initializeFlink(conf, plugins);
            PolicyEndpoint endpoint = PolicyEndpoint.local(server.port());

            JobClient job = submit(conf, endpoint, telemetry, null);
            try (PolicyClient client = PolicyClients.open(endpoint)) {
                await(
                        "two committed versions (two completed checkpoints)",
                        job,
                        Duration.ofSeconds(90),
                        () -> version(client) != null && version(client).committed() >= 2);
                // Flink keeps the newest completed checkpoint; while the job runs it is in S3
                await(
                        "a completed checkpoint's _metadata in the bucket",
                        job,
                        Duration.ofSeconds(30),
                        () ->
                                s3.list("checkpoints/").stream()
                                        .anyMatch(
                                                o ->
                                                        CHECKPOINT_METADATA
                                                                .matcher(o.key())
                                                                .matches()));
                List<StoredObject> checkpointObjects = s3.list("checkpoints/");
                PolicyVersion before = client.version().get(30, TimeUnit.SECONDS);

                // stop with a savepoint to the configured default directory (s3://.../savepoints)
                String savepoint =
                        job.stopWithSavepoint(false, null, SavepointFormatType.CANONICAL)
                                .get(2, TimeUnit.MINUTES);
                assertThat(savepoint).startsWith(s3.uri("savepoints/savepoint-"));
                List<StoredObject> savepointObjects = s3.list("savepoints/");
                assertThat(savepointObjects)
                        .extracting(StoredObject::key)
                        .anyMatch(k -> SAVEPOINT_METADATA.matcher(k).matches());

                // the job trains on until the savepoint's barrier: the server's version now, not
                // the one read before the stop, is where the resumed job must train past
                PolicyVersion atSavepoint = client.version().get(30, TimeUnit.SECONDS);
                job = submit(conf, endpoint, telemetry, savepoint);
                // a commit above it needs a checkpoint completed by the resumed job (all its tasks
                // running), so the final stop-with-savepoint below finds the job running
                await(
                        "training past the savepoint and a newer commit",
                        job,
                        Duration.ofSeconds(90),
                        () -> {
                            PolicyVersion v = version(client);
                            return v != null
                                    && v.current() > atSavepoint.current() + 1
                                    && v.committed() > atSavepoint.current();
                        });
                String last =
                        job.stopWithSavepoint(false, null, SavepointFormatType.CANONICAL)
                                .get(2, TimeUnit.MINUTES);
                assertThat(last).startsWith(s3.uri("savepoints/savepoint-"));

                PolicyVersion end = client.version().get(30, TimeUnit.SECONDS);
                WeightsDigest digest = client.digest(end.committed()).get(60, TimeUnit.SECONDS);
                Accounting a =
                        Accounting.of(
                                TelemetryReader.readAll(telemetry, TelemetrySinks.ROLLOUTS),
                                TelemetryReader.readAll(telemetry, TelemetrySinks.LEARNER_STEPS),
                                client.ledger().get(60, TimeUnit.SECONDS));
                System.out.printf(
                        "s3 checkpoints: %d objects (%d bytes) under checkpoints/ at version %s;"
                                + " savepoint %s (%d objects) at %s; resumed to %s; %s; %.1f s%n",
                        checkpointObjects.size(),
                        checkpointObjects.stream().mapToLong(StoredObject::size).sum(),
                        before,
                        savepoint,
                        savepointObjects.size(),
                        atSavepoint,
                        end,
                        a,
                        (System.nanoTime() - t0) / 1e9);
                assertThat(a.generated()).isPositive();
                assertThat(a.trained()).isPositive();
                assertThat(a.versionAtEnd()).isGreaterThan(atSavepoint.current());
                assertThat(a.lost()).as("lost, %s", a).isZero();
                assertThat(a.duplicated()).as("duplicated, %s", a).isZero();
                assertThat(digest.consistent()).as("committed weights = their checkpoint").isTrue();
            } finally {
                JobStatus status = status(job);
                if (status != null && !status.isGloballyTerminalState()) {
                    job.cancel().get(1, TimeUnit.MINUTES);
                }
            }
        }
    }

    /**
     * The deployments' credentials: no keys in the Flink configuration, only {@code
     * AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY} in the environment (the FlinkDeployment
     * sets them from the Secret rivulet-s3; failsafe sets them for this JVM, tools/pom.xml).
     * Flink's S3 filesystem writes, reads and lists an object through S3Proxy, which checks the
     * signature.
     */
    @Test
    void credentialsFromTheEnvironmentAsInTheDeployments() throws Exception {
        assertThat(System.getenv("AWS_ACCESS_KEY_ID"))
                .as("AWS_ACCESS_KEY_ID, set for the failsafe JVM in tools/pom.xml")
                .isEqualTo(S3Store.ACCESS_KEY);
        assertThat(System.getenv("AWS_SECRET_ACCESS_KEY")).isEqualTo(S3Store.SECRET_KEY);
        try (S3Store s3 = S3Store.start(BUCKET)) {
            Configuration conf = s3.flinkConfiguration();
            conf.removeKey("s3.access-key");
            conf.removeKey("s3.secret-key");
            S3Store.initializeFlink(conf, Path.of("target", "flink-plugins").toAbsolutePath());
            org.apache.flink.core.fs.Path path =
                    new org.apache.flink.core.fs.Path(s3.uri("probe/hello.txt"));
            FileSystem fs = path.getFileSystem();
            byte[] bytes = "checkpoint".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            try (var out = fs.create(path, FileSystem.WriteMode.NO_OVERWRITE)) {
                out.write(bytes);
            }
            try (var in = fs.open(path)) {
                assertThat(in.readAllBytes()).isEqualTo(bytes);
            }
            assertThat(s3.list("probe/"))
                    .containsExactly(new StoredObject("probe/hello.txt", bytes.length));
        }
    }

    private static JobClient submit(
            Configuration conf, PolicyEndpoint endpoint, Path telemetry, String savepoint)
            throws Exception {
        Configuration c = new Configuration(conf);
        if (savepoint != null) {
            c.setString("execution.state-recovery.path", savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(c);
        // one slot: the chaos scenario's job (two loop shards) on 2 shared cores
        env.setParallelism(1);
        OnlineRlJob.build(env, ChaosRunner.settings(), endpoint, telemetry.toString());
        return env.executeAsync("rivulet-s3-checkpoints");
    }

    private static PolicyVersion version(PolicyClient client) {
        try {
            return client.version().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    private static JobStatus status(JobClient job) {
        try {
            return job.getJobStatus().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    /** Polls {@code done}; fails at once with the job's state when the job ends. */
    private static void await(String what, JobClient job, Duration timeout, BooleanSupplier done)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            JobStatus status = status(job);
            if (status != null && status.isGloballyTerminalState()) {
                throw new AssertionError("job " + status + " while waiting for " + what);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "timed out after " + timeout + " waiting for " + what + "; job " + status);
            }
            Thread.sleep(200);
        }
    }
}
