package dev.rivulet.jobs.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * The result of one monitoring query: its column names and rows (Flink's Java values: {@code Long},
 * {@code Double}, {@code String}, {@code Instant}, ...), sorted by their columns left to right so
 * that output and tests are stable.
 *
 * @param name the query file's name without {@code .sql}
 * @param question what the query answers (its leading comment)
 * @param columns column names, in order
 * @param rows the rows, each as many values as there are columns
 */
public record SqlResult(
        String name, String question, List<String> columns, List<List<Object>> rows) {

    public SqlResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** The values of column {@code column}, one per row. */
    public List<Object> column(String column) {
        int i = columns.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException(
                    "query '" + name + "' has no column '" + column + "'; it has " + columns);
        }
        List<Object> out = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            out.add(row.get(i));
        }
        return out;
    }

    /** Sum of a numeric column (nulls count as 0). */
    public double sum(String column) {
        double s = 0;
        for (Object v : column(column)) {
            if (v != null) {
                s += ((Number) v).doubleValue();
            }
        }
        return s;
    }

    /** The result as a text table with at most {@code maxRows} rows. */
    public String toText(int maxRows) {
        return TextTable.render(columns, rows, maxRows);
    }
}
