package dev.rivulet.jobs.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SQL file of {@code sql/}: its name, the question its leading comment says it answers, and its
 * statements with comments removed and {@code ${name}} placeholders still in place.
 *
 * @param name file name without {@code .sql}
 * @param question the leading comment block, without the comment markers
 * @param statements the statements, in order, without their terminating semicolons
 */
public record SqlFile(String name, String question, List<String> statements) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)}");

    public SqlFile {
        statements = List.copyOf(statements);
    }

    /** Reads and parses {@code file}. */
    public static SqlFile read(Path file) {
        try {
            String fileName = file.getFileName().toString();
            return parse(
                    fileName.endsWith(".sql")
                            ? fileName.substring(0, fileName.length() - 4)
                            : fileName,
                    Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SQL file " + file, e);
        }
    }

    /** Parses SQL text: the leading {@code --} comment lines become the question. */
    public static SqlFile parse(String name, String text) {
        StringBuilder question = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String t = line.strip();
            if (!t.startsWith("--")) {
                break;
            }
            if (question.length() > 0) {
                question.append(' ');
            }
            question.append(t.substring(2).strip());
        }
        return new SqlFile(name, question.toString().strip(), split(text));
    }

    /** The single statement of a query file; fails when the file holds more or fewer. */
    public String query() {
        if (statements.size() != 1) {
            throw new IllegalArgumentException(
                    "SQL file '"
                            + name
                            + "' must hold exactly one query, found "
                            + statements.size()
                            + " statements");
        }
        return statements.get(0);
    }

    /**
     * The statements with every {@code ${key}} replaced by {@code vars.get(key)}; a placeholder
     * without a value fails, naming the keys that have one.
     */
    public List<String> statements(Map<String, String> vars) {
        List<String> out = new ArrayList<>();
        for (String s : statements) {
            Matcher m = PLACEHOLDER.matcher(s);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                String v = vars.get(m.group(1));
                if (v == null) {
                    throw new IllegalArgumentException(
                            "SQL file '"
                                    + name
                                    + "' uses ${"
                                    + m.group(1)
                                    + "}, which has no value; known: "
                                    + new TreeSet<>(vars.keySet()));
                }
                m.appendReplacement(b, Matcher.quoteReplacement(v));
            }
            m.appendTail(b);
            out.add(b.toString());
        }
        return out;
    }

    /**
     * Splits SQL text into statements at semicolons outside quotes, dropping {@code --} comments
     * and empty statements.
     */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                cur.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '`' || c == '"') {
                quote = c;
                cur.append(c);
            } else if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
                int nl = text.indexOf('\n', i);
                i = nl < 0 ? text.length() : nl - 1;
            } else if (c == ';') {
                add(out, cur);
            } else {
                cur.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated quote " + quote + " in SQL text");
        }
        add(out, cur);
        return out;
    }

    private static void add(List<String> out, StringBuilder cur) {
        String s = cur.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
        cur.setLength(0);
    }
}
