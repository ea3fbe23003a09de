package dev.rivulet.cli;

import dev.rivulet.jobs.sql.SqlFile;
import dev.rivulet.jobs.sql.SqlResult;
import dev.rivulet.jobs.sql.SqlViews;
import dev.rivulet.jobs.sql.TelemetryTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `rivulet sql`: Run a monitoring SQL file against a run directory and print a table. */
@Command(
        name = "sql",
        mixinStandardHelpOptions = true,
        description = {
            "Run a monitoring SQL file against a run directory (or Kafka topics) and print a table.",
            "FILE is a path or the name of a query in sql/ (e.g. reward_by_difficulty);"
                    + " without FILE every query runs. The telemetry committed now is read once"
                    + " (batch mode)."
        })
final class SqlCommand implements Callable<Integer> {

    @Option(names = "--run", paramLabel = "DIR", description = "Run directory (holds telemetry/).")
    Path run;

    @Option(
            names = "--kafka",
            paramLabel = "HOST:PORT",
            description = "Read the Kafka topics instead of a run directory.")
    String kafka;

    @Option(
            names = "--topic-prefix",
            defaultValue = TelemetryTables.DEFAULT_TOPIC_PREFIX,
            description = "Prefix of the Kafka topics (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(
            names = "--sql-dir",
            paramLabel = "DIR",
            description = "Directory of the queries and ddl/ (default: the project's sql/).")
    Path sqlDir;

    @Option(
            names = "--max-rows",
            defaultValue = "200",
            description = "Print at most this many rows per query (default: ${DEFAULT-VALUE}).")
    int maxRows;

    @Option(names = "--list", description = "List the queries and the questions they answer.")
    boolean list;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "Query file or name.")
    String file;

    @Override
    public Integer call() {
        Path dir = sqlDir != null ? sqlDir : SqlViews.defaultSqlDir();
        if (list) {
            for (Path q : SqlViews.queryFiles(dir)) {
                SqlFile f = SqlFile.read(q);
                System.out.printf("%-34s %s%n", f.name(), f.question());
            }
            return 0;
        }
        if ((run == null) == (kafka == null)) {
            System.err.println("rivulet sql: give exactly one of --run DIR and --kafka HOST:PORT");
            return 2;
        }
        try {
            List<SqlResult> results = run(dir);
            for (SqlResult r : results) {
                if (results.size() > 1) {
                    System.out.printf("== %s: %s%n", r.name(), r.question());
                }
                System.out.print(r.toText(maxRows));
            }
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("rivulet sql: " + e.getMessage());
            return 2;
        }
    }

    /** Runs the chosen query (or all of them) and returns the results. */
    List<SqlResult> run(Path dir) {
        TelemetryTables tables =
                run != null
                        ? TelemetryTables.files(dir, run)
                        : TelemetryTables.kafka(dir, kafka, topicPrefix);
        Configuration conf = new Configuration();
        conf.set(CoreOptions.DEFAULT_PARALLELISM, 1);
        SqlViews views = new SqlViews(dir, tables, conf);
        if (file == null) {
            return views.runAll();
        }
        List<SqlResult> one = new ArrayList<>();
        one.add(views.run(views.resolve(file)));
        return one;
    }
}
