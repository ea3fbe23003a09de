package dev.rivulet.jobs.sql;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.config.TableConfigOptions;

/**
 * The continuous monitoring views: every query of {@code sql/*.sql} over the live telemetry of a
 * running job (its run directory, re-listed every monitor interval, or Kafka topics), each streamed
 * as a changelog into a {@code print} sink named after the query (or {@code blackhole}), all in one
 * Flink job that runs beside the training job.
 *
 * <p>Windowed views emit a window once the watermark (event time minus 10 s) passes its end, that
 * is once newer telemetry arrives; the other views update their rows as rows arrive.
 */
public final class SqlMonitorJob {

    /** Sinks a view can stream into. */
    public static final Set<String> SINKS = Set.of("print", "blackhole");

    /**
     * What to run.
     *
     * @param sqlDir the project's {@code sql/} directory
     * @param tables where the telemetry comes from
     * @param monitorInterval how often a run directory is re-listed for newly committed files
     * @param sink {@code print} (TaskManager stdout, one identifier per view) or {@code blackhole}
     * @param only names of the views to run; empty means all
     */
    public record Options(
            Path sqlDir,
            TelemetryTables tables,
            Duration monitorInterval,
            String sink,
            List<String> only) {

        public Options {
            if (!SINKS.contains(sink)) {
                throw new IllegalArgumentException(
                        "unknown sink '" + sink + "'; known sinks: " + SINKS);
            }
            only = List.copyOf(only);
        }
    }

    private SqlMonitorJob() {}

    /** A streaming table environment in UTC, for {@link #build}. */
    public static TableEnvironment streamingEnvironment() {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        env.getConfig().set(TableConfigOptions.LOCAL_TIME_ZONE, "UTC");
        return env;
    }

    /** Registers the unbounded tables and adds one insert per view; execute the returned set. */
    public static StatementSet build(TableEnvironment env, Options o) {
        o.tables().register(env, false, o.monitorInterval());
        StatementSet set = env.createStatementSet();
        List<String> seen = new ArrayList<>();
        for (Path file : SqlViews.queryFiles(o.sqlDir())) {
            SqlFile q = SqlFile.read(file);
            seen.add(q.name());
            if (!o.only().isEmpty() && !o.only().contains(q.name())) {
                continue;
            }
            Table view = env.sqlQuery(q.query());
            String sinkName = "view_" + q.name();
            TableDescriptor.Builder sink =
                    TableDescriptor.forConnector(o.sink())
                            .schema(
                                    Schema.newBuilder()
                                            .fromResolvedSchema(view.getResolvedSchema())
                                            .build());
            if ("print".equals(o.sink())) {
                sink.option("print-identifier", q.name());
            }
            env.createTemporaryTable(sinkName, sink.build());
            set.add(view.insertInto(sinkName));
        }
        for (String name : o.only()) {
            if (!seen.contains(name)) {
                throw new IllegalArgumentException(
                        "no view '" + name + "' in " + o.sqlDir() + "; views: " + seen);
            }
        }
        return set;
    }

    /**
     * Cluster entry point: {@code SqlMonitorJob (--run DIR | --kafka HOST:PORT [--topic-prefix P])
     * [--sql-dir DIR] [--monitor-interval 5s] [--sink print|blackhole] [--only a,b]}.
     */
    public static void main(String[] args) throws Exception {
        Path sqlDir = SqlViews.defaultSqlDir();
        Path run = null;
        String kafka = null;
        String prefix = TelemetryTables.DEFAULT_TOPIC_PREFIX;
        Duration interval = Duration.ofSeconds(5);
        String sink = "print";
        List<String> only = List.of();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--run" -> run = Path.of(args[++i]);
                case "--kafka" -> kafka = args[++i];
                case "--topic-prefix" -> prefix = args[++i];
                case "--sql-dir" -> sqlDir = Path.of(args[++i]);
                case "--monitor-interval" ->
                        interval = org.apache.flink.util.TimeUtils.parseDuration(args[++i]);
                case "--sink" -> sink = args[++i];
                case "--only" -> only = List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if ((run == null) == (kafka == null)) {
            throw new IllegalArgumentException(
                    "give exactly one of --run DIR and --kafka HOST:PORT");
        }
        TelemetryTables tables =
                run != null
                        ? TelemetryTables.files(sqlDir, run)
                        : TelemetryTables.kafka(sqlDir, kafka, prefix);
        build(streamingEnvironment(), new Options(sqlDir, tables, interval, sink, only)).execute();
    }
}
