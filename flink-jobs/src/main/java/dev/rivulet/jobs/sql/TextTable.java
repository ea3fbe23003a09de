package dev.rivulet.jobs.sql;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders query rows as a fixed-width text table (numbers right-aligned, times in UTC). */
final class TextTable {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private TextTable() {}

    static String render(List<String> columns, List<List<Object>> rows, int maxRows) {
        int shown = Math.min(rows.size(), Math.max(0, maxRows));
        List<String[]> cells = new ArrayList<>();
        int[] width = new int[columns.size()];
        boolean[] numeric = new boolean[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            width[c] = columns.get(c).length();
        }
        for (int r = 0; r < shown; r++) {
            String[] line = new String[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                Object v = rows.get(r).get(c);
                line[c] = format(v);
                numeric[c] |= v instanceof Number;
                width[c] = Math.max(width[c], line[c].length());
            }
            cells.add(line);
        }
        StringBuilder b = new StringBuilder();
        String rule = rule(width);
        b.append(rule);
        appendLine(b, columns.toArray(String[]::new), width, new boolean[width.length]);
        b.append(rule);
        for (String[] line : cells) {
            appendLine(b, line, width, numeric);
        }
        b.append(rule);
        b.append(rows.size()).append(rows.size() == 1 ? " row" : " rows");
        if (shown < rows.size()) {
            b.append(" (").append(shown).append(" shown)");
        }
        return b.append('\n').toString();
    }

    static String format(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isNaN(d) || Double.isInfinite(d)
                    ? Double.toString(d)
                    : String.format(Locale.ROOT, "%.4f", d);
        }
        if (v instanceof Instant i) {
            return TIME.format(i);
        }
        if (v instanceof LocalDateTime t) {
            return TIME.format(t.toInstant(ZoneOffset.UTC));
        }
        return v.toString();
    }

    private static String rule(int[] width) {
        StringBuilder b = new StringBuilder("+");
        for (int w : width) {
            b.append("-".repeat(w + 2)).append('+');
        }
        return b.append('\n').toString();
    }

    private static void appendLine(StringBuilder b, String[] line, int[] width, boolean[] right) {
        b.append('|');
        for (int c = 0; c < line.length; c++) {
            String pad = " ".repeat(width[c] - line[c].length());
            b.append(' ').append(right[c] ? pad + line[c] : line[c] + pad).append(" |");
        }
        b.append('\n');
    }
}
