package dev.rivulet.tools.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rivulet.jobs.JobJar;
import dev.rivulet.jobs.OnlineRlJob;
import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.operators.client.PolicyClients;
import dev.rivulet.operators.telemetry.TelemetrySinks;
import dev.rivulet.protocol.LedgerEntry;
import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.WeightsDigest;
import dev.rivulet.protocol.flight.PolicyClient;
import dev.rivulet.tools.cluster.ClusterSpec;
import dev.rivulet.tools.cluster.LocalCluster;
import dev.rivulet.tools.cluster.ModelFleet;
import dev.rivulet.tools.cluster.ServerProcess;
import dev.rivulet.tools.demo.TrainingRun;
import dev.rivulet.tools.report.TelemetryReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs fault-injection scenarios on a real multi-process Flink cluster (a JobManager and two
 * TaskManager JVMs) against a model server in its own JVM: for each scenario a fresh server and job
 * train for a while, the fault is injected, the job recovers and trains on, and the run is stopped
 * with a savepoint; the surviving lineage's telemetry and the server's ledger are then accounted
 * (see {@link Accounting}) and the committed weights compared with their durable checkpoint.
 */
public final class ChaosRunner {

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * How to run.
     *
     * @param out output directory; {@code chaos.json} is written here
     * @param scenarios the scenarios to run, in order
     * @param warmup training before the fault (at least this long and two committed versions)
     * @param after training after the recovery before the run is stopped
     * @param serverArgs further {@code rivulet serve} options (model size, base model)
     * @param progress where progress lines go
     */
    public record Options(
            Path out,
            List<ChaosScenario> scenarios,
            Duration warmup,
            Duration after,
            List<String> serverArgs,
            PrintStream progress) {}

    private final Options o;

    /** The running scenario's extra job options (its generator fleet's addresses). */
    private Map<String, String> fleetOptions = Map.of();

    public ChaosRunner(Options o) {
        this.o = o;
    }

    /** Runs every scenario, writes {@code out/chaos.json} and returns the results. */
    public List<ScenarioResult> run() throws Exception {
        Files.createDirectories(o.out());
        ClusterSpec spec =
                new ClusterSpec(
                        o.out().resolve("cluster"),
                        freePort(),
                        freePort(),
                        2,
                        1,
                        "768m",
                        "1280m",
                        "9380-9390",
                        Map.of());
        LocalCluster cluster = new LocalCluster(spec);
        List<ScenarioResult> results = new ArrayList<>();
        try {
            o.progress().println("[chaos] starting a JobManager and two TaskManagers");
            cluster.start(Duration.ofSeconds(120));
            for (ChaosScenario s : o.scenarios()) {
                o.progress().println("[chaos] scenario " + s.id());
                ScenarioResult r = runScenario(cluster, s);
                results.add(r);
                o.progress().println("[chaos] " + s.id() + ": " + r.detail());
                JSON.writeValue(o.out().resolve("chaos.json").toFile(), results);
            }
        } finally {
            cluster.stop();
        }
        JSON.writeValue(o.out().resolve("chaos.json").toFile(), results);
        return results;
    }

    /** A fixed-width table of the results. */
    public static String table(List<ScenarioResult> results) {
        StringBuilder b = new StringBuilder();
        b.append(
                String.format(
                        Locale.ROOT,
                        "%-18s %10s %6s %11s %8s %10s %8s %8s%n",
                        "scenario",
                        "recovery_s",
                        "lost",
                        "duplicated",
                        "weights",
                        "generated",
                        "trained",
                        "dropped"));
        for (ScenarioResult r : results) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "%-18s %10.1f %6d %11d %8s %10d %8d %8d%n",
                            r.name(),
                            r.recoverySeconds(),
                            r.lost(),
                            r.duplicated(),
                            r.weightsConsistent() ? "ok" : "MISMATCH",
                            r.accounting().generated(),
                            r.accounting().trained(),
                            r.accounting().droppedStale()));
        }
        return b.toString();
    }

    private ScenarioResult runScenario(LocalCluster cluster, ChaosScenario scenario)
            throws Exception {
        Path dir = o.out().resolve(scenario.id());
        Path telemetry = dir.resolve("telemetry");
        Files.createDirectories(telemetry);
        try (ServerProcess server =
                        new ServerProcess(
                                dir.resolve("server"),
                                dir.resolve("server.log"),
                                freePort(),
                                serverArgs(scenario));
                AutoCloseable stopServer = server::kill;
                GeneratorFleet fleet = new GeneratorFleet(dir, o.serverArgs())) {
            server.start(Duration.ofSeconds(120));
            if (scenario == ChaosScenario.GENERATOR_KILL) {
                fleet.start(server.port(), 2);
            }
            fleetOptions = fleet.jobOptions();
            JobClient job = submit(cluster, server, telemetry, null);
            String detail;
            double recovery;
            try (PolicyClient client = PolicyClients.open(server.endpoint())) {
                long warmupEnd = System.currentTimeMillis() + o.warmup().toMillis();
                await(
                        () -> {
                            PolicyVersion v = version(client);
                            return v != null
                                    && v.committed() >= 2
                                    && System.currentTimeMillis() >= warmupEnd;
                        },
                        job,
                        () -> diagnostics(cluster, client),
                        Duration.ofMinutes(3),
                        "two committed versions before the fault");
                PolicyVersion before = client.version().get(30, TimeUnit.SECONDS);
                long t0 = System.nanoTime();
                boolean rewindOk = true; // the scenario's own check (rewind, dead letters)
                PolicyVersion recoveryFrom = before;
                double rateBefore = 0;
                switch (scenario) {
                    case TASKMANAGER_KILL -> {
                        cluster.killTaskManager(0);
                        cluster.startTaskManager(0);
                        detail = "kill -9 TaskManager 0 at version " + before.current();
                    }
                    case MODEL_SERVER_KILL -> {
                        long pid = server.pid();
                        server.kill();
                        server.start(Duration.ofSeconds(120));
                        PolicyVersion restarted = client.version().get(30, TimeUnit.SECONDS);
                        detail =
                                "kill -9 model server (pid "
                                        + pid
                                        + ") at version "
                                        + before.current()
                                        + " (committed "
                                        + before.committed()
                                        + "); restarted at committed version "
                                        + restarted.committed();
                    }
                    case SAVEPOINT_RESUME -> {
                        String savepoint =
                                job.stopWithSavepoint(
                                                false,
                                                dir.resolve("savepoints").toUri().toString(),
                                                SavepointFormatType.CANONICAL)
                                        .get(3, TimeUnit.MINUTES);
                        job = submit(cluster, server, telemetry, savepoint);
                        detail =
                                "stop-with-savepoint at version "
                                        + before.current()
                                        + ", resumed from "
                                        + Path.of(java.net.URI.create(savepoint)).getFileName();
                    }
                    case SAVEPOINT_REWIND -> {
                        Rewind r = rewind(cluster, server, client, job, dir, telemetry);
                        job = r.job();
                        rewindOk = r.ok();
                        recoveryFrom = client.version().get(30, TimeUnit.SECONDS);
                        detail = r.detail();
                    }
                    case POISON_BATCH -> {
                        // the fault is in the server from the start: wait until the learner has
                        // given the batch up and trained on past it
                        await(
                                () -> rejectedSoFar(telemetry) > 0,
                                job,
                                () -> diagnostics(cluster, client),
                                Duration.ofMinutes(4),
                                "the poisoned batch given up");
                        long rejected = rejectedSoFar(telemetry);
                        long letters = learnerDeadLetters(telemetry);
                        rewindOk = letters == rejected;
                        detail =
                                "train batch number "
                                        + POISON_BATCH
                                        + " fails on every attempt; given up as "
                                        + rejected
                                        + " rejected rollouts, "
                                        + letters
                                        + " dead letters with code learner-failed";
                    }
                    case GENERATOR_KILL -> {
                        rateBefore = rolloutRate(telemetry);
                        fleet.compareDigests(client);
                        long pid = fleet.killAndReplace(1);
                        detail =
                                String.format(
                                        Locale.ROOT,
                                        "kill -9 generator 1 of %d (pid %d) at version %d (%.0f"
                                                + " rollouts/s before), replaced on its port",
                                        fleet.size(),
                                        pid,
                                        before.current(),
                                        rateBefore);
                    }
                    default -> throw new IllegalStateException("unknown scenario " + scenario);
                }
                PolicyVersion from = recoveryFrom;
                // recovered: trained past the pre-fault version and committed a newer checkpoint
                await(
                        () -> {
                            PolicyVersion v = version(client);
                            return v != null
                                    && v.current() > from.current() + 1
                                    && v.committed() > from.current();
                        },
                        job,
                        () -> diagnostics(cluster, client),
                        Duration.ofMinutes(4),
                        "recovery after " + scenario.id());
                recovery = (System.nanoTime() - t0) / 1e9;
                Thread.sleep(o.after().toMillis());
                double rateAfter = 0;
                if (scenario == ChaosScenario.GENERATOR_KILL) {
                    rateAfter = rolloutRate(telemetry);
                    fleet.compareDigests(client);
                    detail +=
                            String.format(
                                    Locale.ROOT,
                                    "; %.0f rollouts/s after the recovery; %d generator digests"
                                            + " compared with the learner's, %d differ%s",
                                    rateAfter,
                                    fleet.digestsCompared(),
                                    fleet.digestsDiffering(),
                                    fleet.mismatches().isEmpty() ? "" : " " + fleet.mismatches());
                }
                job.stopWithSavepoint(
                                false,
                                dir.resolve("final-savepoint").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get(3, TimeUnit.MINUTES);
                PolicyVersion end = client.version().get(30, TimeUnit.SECONDS);
                WeightsDigest digest = client.digest(end.committed()).get(60, TimeUnit.SECONDS);
                boolean weights =
                        rewindOk
                                && digest.consistent()
                                && end.current() >= end.committed()
                                && fleet.digestsDiffering() == 0;
                Accounting a =
                        Accounting.of(
                                TelemetryReader.readAll(telemetry, TelemetrySinks.ROLLOUTS),
                                TelemetryReader.readAll(telemetry, TelemetrySinks.LEARNER_STEPS),
                                client.ledger().get(60, TimeUnit.SECONDS));
                detail +=
                        String.format(
                                Locale.ROOT,
                                "; recovered in %.1f s; end version %d (committed %d, weights %s)",
                                recovery,
                                end.current(),
                                end.committed(),
                                digest.consistent() ? "= checkpoint" : "differ");
                return new ScenarioResult(
                        scenario.id(),
                        recovery,
                        a.lost(),
                        a.duplicated(),
                        weights,
                        a,
                        detail,
                        new ScenarioResult.Fleet(
                                fleet.size(),
                                rateBefore,
                                rateAfter,
                                fleet.digestsCompared(),
                                fleet.digestsDiffering()));
            } catch (Exception e) {
                try {
                    job.cancel().get(1, TimeUnit.MINUTES);
                } catch (Exception ignored) {
                    // already gone
                }
                throw e;
            }
        }
    }

    /** The batch the poison-batch scenario's server fails on every attempt. */
    static final int POISON_BATCH = 12;

    /** The server's options for {@code scenario}: the run's, plus the fault it injects. */
    private List<String> serverArgs(ChaosScenario scenario) {
        List<String> args = new ArrayList<>(o.serverArgs());
        if (scenario == ChaosScenario.GENERATOR_KILL) {
            args = new ArrayList<>(ModelFleet.learnerArgs(args));
        }
        if (scenario == ChaosScenario.POISON_BATCH) {
            args.add("--fault-poison-batch");
            args.add(Integer.toString(POISON_BATCH));
        }
        return args;
    }

    /** The job after a rewind, whether the server came back to the savepoint, and what happened. */
    private record Rewind(JobClient job, boolean ok, String detail) {}

    /**
     * The savepoint-rewind fault: stop {@code job} with a savepoint at version S (its weights
     * digest and ledger recorded), resume from it and train past it, cancel, then restore the same
     * savepoint again. The server must rewind to S: the durable weights of S equal the digest taken
     * at the savepoint and the ledger up to S is the one at the savepoint. The abandoned history's
     * telemetry stays in the directory; {@link Accounting} counts, per policy version, the step
     * written last (the surviving lineage's).
     */
    private Rewind rewind(
            LocalCluster cluster,
            ServerProcess server,
            PolicyClient client,
            JobClient job,
            Path dir,
            Path telemetry)
            throws Exception {
        String savepoint =
                job.stopWithSavepoint(
                                false,
                                dir.resolve("savepoints").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get(3, TimeUnit.MINUTES);
        // the version the savepoint references: the one its LearnerSink asked the server to
        // retain (train calls in flight at the barrier may have moved the server past it)
        long s =
                new dev.rivulet.server.state.CheckpointDirectory(dir.resolve("server"))
                        .retained()
                        .last();
        String digestAtSavepoint = client.digest(s).get(60, TimeUnit.SECONDS).memory();
        List<LedgerEntry> ledgerAtSavepoint = upTo(client.ledger().get(60, TimeUnit.SECONDS), s);
        JobClient resumed = submit(cluster, server, telemetry, savepoint);
        await(
                () -> {
                    PolicyVersion v = version(client);
                    return v != null && v.committed() > s + 2;
                },
                resumed,
                () -> diagnostics(cluster, client),
                Duration.ofMinutes(4),
                "training past the savepoint");
        resumed.cancel().get(1, TimeUnit.MINUTES);
        long deadline = System.currentTimeMillis() + 60_000;
        while (!status(resumed).isGloballyTerminalState()
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        long past = client.version().get(30, TimeUnit.SECONDS).current();
        o.progress().println("[chaos] trained to version " + past + "; restoring the savepoint");
        JobClient rewound = submit(cluster, server, telemetry, savepoint);
        // the surviving lineage trains past the abandoned one, so its steps are the last written
        await(
                () -> {
                    PolicyVersion v = version(client);
                    return v != null && v.current() > past + 1 && v.committed() > past;
                },
                rewound,
                () -> diagnostics(cluster, client),
                Duration.ofMinutes(4),
                "training past the abandoned history after the rewind");
        String durable = client.digest(s).get(60, TimeUnit.SECONDS).durable();
        boolean weights = digestAtSavepoint != null && digestAtSavepoint.equals(durable);
        boolean ledger =
                upTo(client.ledger().get(60, TimeUnit.SECONDS), s).equals(ledgerAtSavepoint);
        String detail =
                "stop-with-savepoint at version "
                        + s
                        + ", resumed and trained to version "
                        + past
                        + ", cancelled, restored the savepoint again: weights of "
                        + s
                        + (weights ? " = savepoint's" : " DIFFER from the savepoint's")
                        + ", ledger up to "
                        + s
                        + (ledger ? " = savepoint's" : " DIFFERS")
                        + " ("
                        + ledgerAtSavepoint.size()
                        + " rows)";
        return new Rewind(rewound, weights && ledger, detail);
    }

    /**
     * Rollouts per second over the next few seconds, from the committed rollout telemetry (written
     * at each checkpoint, every 2 s).
     */
    private static double rolloutRate(Path telemetry) throws InterruptedException {
        long t0 = System.nanoTime();
        long n0 = rolloutsSoFar(telemetry);
        Thread.sleep(8_000);
        long n1 = rolloutsSoFar(telemetry);
        return (n1 - n0) / ((System.nanoTime() - t0) / 1e9);
    }

    private static long rolloutsSoFar(Path telemetry) {
        try {
            return TelemetryReader.readAll(telemetry, TelemetrySinks.ROLLOUTS).size();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The rollouts given up so far, as the newest committed learner step reports them. */
    private static long rejectedSoFar(Path telemetry) {
        try {
            long max = 0;
            for (var s : TelemetryReader.readAll(telemetry, TelemetrySinks.LEARNER_STEPS)) {
                max = Math.max(max, s.path("rejected").asLong());
            }
            return max;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Dead letters the learner wrote for batches it gave up (code learner-failed). */
    private static long learnerDeadLetters(Path telemetry) {
        try {
            return TelemetryReader.readAll(telemetry, TelemetrySinks.DEAD_LETTERS).stream()
                    .filter(r -> r.path("code").asText().equals("learner-failed"))
                    .count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static List<LedgerEntry> upTo(List<LedgerEntry> ledger, long version) {
        return ledger.stream().filter(e -> e.policyVersion() <= version).toList();
    }

    private JobClient submit(
            LocalCluster cluster, ServerProcess server, Path telemetry, String savepoint)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(2));
        conf.set(
                CheckpointingOptions.TOLERABLE_FAILURE_NUMBER,
                TrainingRun.TOLERABLE_FAILED_CHECKPOINTS);
        if (savepoint != null) {
            conf.setString("execution.state-recovery.path", savepoint);
        }
        String[] jars = JobJar.locate().map(p -> new String[] {p.toString()}).orElse(new String[0]);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createRemoteEnvironment(
                        "127.0.0.1", cluster.spec().restPort(), conf, jars);
        env.setParallelism(2);
        OnlineRlJob.build(env, settings(fleetOptions), server.endpoint(), telemetry.toString());
        return env.executeAsync("rivulet-chaos");
    }

    /** Job settings for the tiny model: short prompts and answers, one reuse per rollout. */
    static JobSettings settings() {
        return settings(Map.of());
    }

    /** {@link #settings()} with {@code extra} options added (a generator fleet's addresses). */
    static JobSettings settings(Map<String, String> extra) {
        Map<String, String> values =
                new java.util.HashMap<>(
                        Map.of(
                                "rivulet.source.mix", "arith(ops=+):1",
                                "rivulet.source.pool-size", "60",
                                "rivulet.loop.shards", "2",
                                "rivulet.loop.max-new-tokens", "4",
                                "rivulet.loop.prompts-per-call", "8",
                                "rivulet.learner.batch-size", "32",
                                "rivulet.learner.min-batch", "16",
                                "rivulet.learner.max-reuse", "1",
                                "rivulet.learner.max-staleness", "4"));
        values.putAll(extra);
        return JobSettings.of(values);
    }

    private static PolicyVersion version(PolicyClient client) {
        try {
            return client.version().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * Polls {@code done} until it holds; fails at once, with the job's failure cause, when the job
     * reaches a terminal state, and on a timeout names the job state and the server's version.
     */
    private static void await(
            BooleanSupplier done,
            JobClient job,
            Supplier<String> diagnostics,
            Duration timeout,
            String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            JobStatus status = status(job);
            if (status != null && status.isGloballyTerminalState()) {
                throw new IllegalStateException(
                        "job " + status + " while waiting for " + what + ": " + failureCause(job));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "timed out after "
                                + timeout.toSeconds()
                                + " s waiting for "
                                + what
                                + " (job "
                                + status
                                + "; "
                                + diagnostics.get()
                                + ")");
            }
            Thread.sleep(200);
        }
    }

    /**
     * What a timed-out wait reports: the server's version, the TaskManagers and free slots the
     * JobManager sees, and each running job's restarts and latest exception.
     */
    private static String diagnostics(LocalCluster cluster, PolicyClient client) {
        StringBuilder d = new StringBuilder("server ").append(version(client));
        cluster.overview()
                .ifPresent(
                        o ->
                                d.append("; taskmanagers ")
                                        .append(o.path("taskmanagers").asInt())
                                        .append(", slots free ")
                                        .append(o.path("slots-available").asInt())
                                        .append('/')
                                        .append(o.path("slots-total").asInt()));
        cluster.rest("/jobs")
                .ifPresent(
                        jobs -> {
                            for (JsonNode j : jobs.path("jobs")) {
                                String id = j.path("id").asText();
                                d.append("; job ")
                                        .append(id)
                                        .append(' ')
                                        .append(j.path("status").asText());
                                cluster.rest("/jobs/" + id + "/exceptions?maxExceptions=1")
                                        .map(
                                                e ->
                                                        e.path("exceptionHistory")
                                                                .path("entries")
                                                                .path(0))
                                        .filter(e -> !e.isMissingNode())
                                        .ifPresent(
                                                e ->
                                                        d.append(", last exception ")
                                                                .append(
                                                                        e.path("exceptionName")
                                                                                .asText())
                                                                .append(" on ")
                                                                .append(
                                                                        e.path("taskName")
                                                                                .asText("-"))
                                                                .append(": ")
                                                                .append(
                                                                        firstLine(
                                                                                e.path("stacktrace")
                                                                                        .asText())));
                            }
                        });
        return d.toString();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static JobStatus status(JobClient job) {
        try {
            return job.getJobStatus().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    private static String failureCause(JobClient job) {
        try {
            job.getJobExecutionResult().get(30, TimeUnit.SECONDS);
            return "no failure cause";
        } catch (Exception e) {
            Throwable t = e;
            StringBuilder chain = new StringBuilder();
            for (int i = 0; t != null && i < 8; i++, t = t.getCause()) {
                chain.append(i == 0 ? "" : " <- ").append(t);
            }
            return chain.toString();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Reads a {@code chaos.json} back (for tests and reports). */
    public static JsonNode read(Path chaosJson) throws IOException {
        return JSON.readTree(chaosJson.toFile());
    }
}
