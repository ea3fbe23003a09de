package dev.rivulet.jobs.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * The monitoring queries of {@code sql/*.sql}, run once in batch mode over the telemetry that is
 * committed now: what {@code bin/rivulet sql} prints and what the ITCase checks against {@code
 * summary.json}.
 */
public final class SqlViews {

    private final Path sqlDir;
    private final TableEnvironment env;

    /** Registers {@code tables} (bounded) in a fresh batch table environment. */
    public SqlViews(Path sqlDir, TelemetryTables tables, Configuration flinkConf) {
        this.sqlDir = sqlDir;
        this.env =
                TableEnvironment.create(
                        EnvironmentSettings.newInstance()
                                .inBatchMode()
                                .withConfiguration(flinkConf)
                                .build());
        env.getConfig().set(TableConfigOptions.LOCAL_TIME_ZONE, "UTC");
        tables.register(env, true, null);
    }

    /** The query files directly in {@code sqlDir} ({@code ddl/} excluded), by name. */
    public static List<Path> queryFiles(Path sqlDir) {
        if (!Files.isDirectory(sqlDir)) {
            throw new IllegalArgumentException("no SQL directory at " + sqlDir);
        }
        try (Stream<Path> s = Files.list(sqlDir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".sql"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The project's {@code sql/} directory: {@code -Drivulet.home} or {@code $RIVULET_HOME} (set by
     * {@code bin/rivulet}), else {@code ./sql}.
     */
    public static Path defaultSqlDir() {
        String home = System.getProperty("rivulet.home", System.getenv("RIVULET_HOME"));
        return (home == null || home.isBlank() ? Path.of(".") : Path.of(home)).resolve("sql");
    }

    /**
     * Resolves a query given on the command line: an existing path as is, else a name (with or
     * without {@code .sql}) in the SQL directory.
     */
    public Path resolve(String file) {
        Path p = Path.of(file);
        if (Files.isRegularFile(p)) {
            return p;
        }
        Path named = sqlDir.resolve(file.endsWith(".sql") ? file : file + ".sql");
        if (Files.isRegularFile(named)) {
            return named;
        }
        throw new IllegalArgumentException(
                "no SQL file '"
                        + file
                        + "'; the queries in "
                        + sqlDir
                        + " are "
                        + queryFiles(sqlDir).stream()
                                .map(q -> q.getFileName().toString())
                                .toList());
    }

    /** Runs one query file and collects its rows. */
    public SqlResult run(Path queryFile) {
        SqlFile file = SqlFile.read(queryFile);
        TableResult result = env.sqlQuery(file.query()).execute();
        List<String> columns = result.getResolvedSchema().getColumnNames();
        List<List<Object>> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            while (it.hasNext()) {
                Row row = it.next();
                List<Object> values = new ArrayList<>(row.getArity());
                for (int i = 0; i < row.getArity(); i++) {
                    values.add(row.getField(i));
                }
                rows.add(values);
            }
        } catch (Exception e) {
            throw new IllegalStateException("query '" + file.name() + "' failed", e);
        }
        rows.sort(ROWS);
        return new SqlResult(file.name(), file.question(), columns, rows);
    }

    /** Runs every query file of the SQL directory, by name. */
    public List<SqlResult> runAll() {
        return queryFiles(sqlDir).stream().map(this::run).toList();
    }

    private static final Comparator<List<Object>> ROWS =
            (a, b) -> {
                for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                    int c = compare(a.get(i), b.get(i));
                    if (c != 0) {
                        return c;
                    }
                }
                return Integer.compare(a.size(), b.size());
            };

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object x, Object y) {
        if (x == null || y == null) {
            return x == null ? (y == null ? 0 : -1) : 1;
        }
        if (x instanceof Number n && y instanceof Number m) {
            return Double.compare(n.doubleValue(), m.doubleValue());
        }
        if (x.getClass() == y.getClass() && x instanceof Comparable c) {
            return c.compareTo(y);
        }
        return x.toString().compareTo(y.toString());
    }
}
