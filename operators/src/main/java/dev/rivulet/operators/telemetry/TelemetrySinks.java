package dev.rivulet.operators.telemetry;

import java.time.Duration;
import java.util.regex.Pattern;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;

/**
 * Writes telemetry record streams as JSON-lines part files, one directory per table under a base
 * directory ({@code <base>/rollouts/part-*.jsonl}, ...), exactly once with checkpoints.
 *
 * <p>Part files roll on every checkpoint and at least every rollover interval; a file becomes
 * visible (loses its leading dot) only when the checkpoint after it completes, so Flink SQL
 * filesystem tables over these directories never read uncommitted rows. Without checkpointing,
 * files are never finished.
 */
public final class TelemetrySinks {

    public static final String ROLLOUTS = "rollouts";
    public static final String LEARNER_STEPS = "learner_steps";
    public static final String EVALUATIONS = "evaluations";
    public static final String DEAD_LETTERS = "dead_letters";

    /** Roll a part file at least this often (it becomes visible at the next checkpoint). */
    public static final Duration DEFAULT_ROLLOVER = Duration.ofSeconds(5);

    /** Roll a part file once it is this large. */
    public static final long MAX_PART_BYTES = 64L << 20;

    /** Prefix of the sink operators' uids; the table name follows. */
    public static final String UID_PREFIX = "rivulet-telemetry-sink-";

    private static final Pattern TABLE = Pattern.compile("[a-z][a-z0-9_]*");

    private TelemetrySinks() {}

    /** A file sink writing JSON lines into {@code <baseDir>/<table>/}. */
    public static <T> FileSink<T> fileSink(String baseDir, String table, Duration rollover) {
        return FileSink.forRowFormat(tableDir(baseDir, table), new JsonLinesEncoder<T>())
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(
                        new TelemetryRollingPolicy<>(rollover.toMillis(), MAX_PART_BYTES))
                .withBucketCheckInterval(Math.max(1, Math.min(1000, rollover.toMillis())))
                .withOutputFileConfig(
                        OutputFileConfig.builder()
                                .withPartPrefix("part")
                                .withPartSuffix(".jsonl")
                                .build())
                .build();
    }

    /**
     * Adds a sink writing {@code events} as JSON lines into {@code <baseDir>/<table>/}, named
     * {@code telemetry-<table>} with uid {@link #UID_PREFIX}{@code <table>}.
     */
    public static <T> DataStreamSink<T> writeTo(
            DataStream<T> events, String baseDir, String table) {
        return writeTo(events, baseDir, table, DEFAULT_ROLLOVER);
    }

    /** {@link #writeTo(DataStream, String, String)} with a chosen rollover interval. */
    public static <T> DataStreamSink<T> writeTo(
            DataStream<T> events, String baseDir, String table, Duration rollover) {
        return events.sinkTo(TelemetrySinks.<T>fileSink(baseDir, table, rollover))
                .name("telemetry-" + table)
                .uid(UID_PREFIX + table);
    }

    /** The directory of {@code table} under {@code baseDir}. */
    public static Path tableDir(String baseDir, String table) {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException(
                    "telemetry table name must match " + TABLE + ", got '" + table + "'");
        }
        return new Path(new Path(baseDir), table);
    }
}
