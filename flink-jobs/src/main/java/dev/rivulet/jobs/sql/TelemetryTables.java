package dev.rivulet.jobs.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.TableEnvironment;

/**
 * Registers the four telemetry tables ({@code rollouts}, {@code learner_steps}, {@code
 * evaluations}, {@code dead_letters}) from one DDL variant of {@code sql/ddl/}: a run directory's
 * JSON files ({@code filesystem.sql}) or Kafka topics ({@code kafka.sql}), bounded for a one-shot
 * query or unbounded for the continuous views.
 */
public final class TelemetryTables {

    /** The tables every DDL variant defines and the monitoring queries read. */
    public static final List<String> NAMES =
            List.of("rollouts", "learner_steps", "evaluations", "dead_letters");

    /** Default prefix of the Kafka topics ({@code rivulet.rollouts}, ...). */
    public static final String DEFAULT_TOPIC_PREFIX = "rivulet.";

    private final Path ddl;
    private final Map<String, String> vars;
    private final Path runDir;

    private TelemetryTables(Path ddl, Map<String, String> vars, Path runDir) {
        this.ddl = ddl;
        this.vars = vars;
        this.runDir = runDir;
    }

    /** Tables over {@code <runDir>/telemetry/<table>/} (the {@code filesystem.sql} variant). */
    public static TelemetryTables files(Path sqlDir, Path runDir) {
        Path abs = runDir.toAbsolutePath().normalize();
        return new TelemetryTables(
                sqlDir.resolve("ddl").resolve("filesystem.sql"),
                Map.of("run", abs.toUri().toString().replaceAll("/$", "")),
                abs);
    }

    /** Tables over the topics {@code <topicPrefix><table>} (the {@code kafka.sql} variant). */
    public static TelemetryTables kafka(Path sqlDir, String bootstrap, String topicPrefix) {
        return new TelemetryTables(
                sqlDir.resolve("ddl").resolve("kafka.sql"),
                Map.of("bootstrap", bootstrap, "topic_prefix", topicPrefix),
                null);
    }

    /** True for the Kafka variant. */
    public boolean isKafka() {
        return runDir == null;
    }

    /**
     * Creates the tables in {@code env}. Bounded: the files committed now, or the Kafka offsets at
     * the start of the query. Unbounded: files are re-listed every {@code monitorInterval}; Kafka
     * is read from the earliest offset on.
     */
    public void register(TableEnvironment env, boolean bounded, Duration monitorInterval) {
        if (!Files.isRegularFile(ddl)) {
            throw new IllegalArgumentException(
                    "no telemetry DDL at " + ddl + " (is --sql-dir the project's sql/ directory?)");
        }
        if (!isKafka()) {
            createTableDirs();
        }
        for (String statement : SqlFile.read(ddl).statements(vars)) {
            env.executeSql(statement);
        }
        for (String table : NAMES) {
            if (isKafka() && bounded) {
                env.executeSql(
                        "ALTER TABLE " + table + " SET ('scan.bounded.mode' = 'latest-offset')");
            } else if (!isKafka() && !bounded) {
                env.executeSql(
                        "ALTER TABLE "
                                + table
                                + " SET ('source.monitor-interval' = '"
                                + monitorInterval.toMillis()
                                + " ms')");
            }
        }
    }

    /**
     * A table whose directory does not exist yet (no dead letters from the synthetic source; a live
     * run before its first commit) reads as empty instead of failing the query.
     */
    private void createTableDirs() {
        Path telemetry = runDir.resolve("telemetry");
        if (!Files.isDirectory(runDir)) {
            throw new IllegalArgumentException("run directory " + runDir + " does not exist");
        }
        try {
            for (String table : NAMES) {
                Files.createDirectories(telemetry.resolve(table));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the telemetry directories", e);
        }
    }
}
