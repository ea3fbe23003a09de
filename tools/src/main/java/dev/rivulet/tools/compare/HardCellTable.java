package dev.rivulet.tools.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hardest difficulty cell of each arm, median over its seeds: held-out accuracy (plain, never
 * hinted) at the base and at the end, and the training groups of that cell that had all-equal
 * rewards or were generated with a hint (issue 16's acceptance figures), and the share of its
 * training rollouts whose advantage was 0 (the same question for loops without groups, as SPO's).
 * Read from each finished run's {@code summary.json} under {@code runs/}.
 */
public final class HardCellTable {

    private static final Pattern RUN = Pattern.compile("(.+)-s(\\d+)");

    private HardCellTable() {}

    /** The table for the runs under {@code dir/runs}, or "" when none has per-cell figures. */
    public static String of(Path dir) throws IOException {
        Path runs = dir.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return "";
        }
        Map<String, List<JsonNode>> byArm = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        try (var s = Files.list(runs)) {
            for (Path run : s.filter(Files::isDirectory).sorted().toList()) {
                Matcher m = RUN.matcher(run.getFileName().toString());
                Path summary = run.resolve("summary.json");
                if (m.matches() && Files.exists(summary)) {
                    byArm.computeIfAbsent(m.group(1), k -> new ArrayList<>())
                            .add(json.readTree(summary.toFile()));
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        byArm.forEach((arm, summaries) -> row(sb, arm, summaries));
        if (sb.length() == 0) {
            return "";
        }
        return String.format(
                        Locale.ROOT,
                        "%nhardest cell (median over seeds; held-out prompts are never hinted)%n"
                                + "%-18s %-16s %8s %8s %8s %10s %8s %9s%n",
                        "arm",
                        "cell",
                        "base",
                        "final",
                        "points",
                        "all-equal",
                        "hinted",
                        "zero-adv")
                + sb;
    }

    /** The cell with the highest difficulty number (the last one in the summary's order). */
    static String hardest(JsonNode summary) {
        String best = null;
        int bestDifficulty = Integer.MIN_VALUE;
        var it = summary.path("accuracy_by_difficulty").fieldNames();
        while (it.hasNext()) {
            String cell = it.next();
            int colon = cell.lastIndexOf(':');
            int d;
            try {
                d = Integer.parseInt(cell.substring(colon + 1));
            } catch (NumberFormatException e) {
                continue;
            }
            if (d >= bestDifficulty) {
                bestDifficulty = d;
                best = cell;
            }
        }
        return best;
    }

    private static void row(StringBuilder sb, String arm, List<JsonNode> summaries) {
        String cell = hardest(summaries.get(0));
        if (cell == null) {
            return;
        }
        double[] base = new double[summaries.size()];
        double[] fin = new double[summaries.size()];
        double[] equal = new double[summaries.size()];
        double[] hinted = new double[summaries.size()];
        double[] zero = new double[summaries.size()];
        for (int i = 0; i < summaries.size(); i++) {
            JsonNode acc = summaries.get(i).path("accuracy_by_difficulty").path(cell);
            JsonNode groups = summaries.get(i).path("groups_by_difficulty").path(cellKey(cell));
            base[i] = acc.path("base").asDouble(Double.NaN);
            fin[i] = acc.path("final").asDouble(Double.NaN);
            equal[i] = groups.path("all_equal_share").asDouble(Double.NaN);
            hinted[i] = groups.path("hinted_share").asDouble(Double.NaN);
            zero[i] = groups.path("zero_advantage_share").asDouble(Double.NaN);
        }
        double b = median(base);
        double f = median(fin);
        sb.append(
                String.format(
                        Locale.ROOT,
                        "%-18s %-16s %8.3f %8.3f %+8.1f %10s %8s %9s%n",
                        arm,
                        cell,
                        b,
                        f,
                        100 * (f - b),
                        share(median(equal)),
                        share(median(hinted)),
                        share(median(zero))));
    }

    /**
     * The training telemetry's cell key ({@code task:difficulty}) of an evaluation cell ({@code
     * arith(ops=+):4} is {@code arith:4}).
     */
    static String cellKey(String cell) {
        int paren = cell.indexOf('(');
        int colon = cell.lastIndexOf(':');
        return paren > 0 ? cell.substring(0, paren) + cell.substring(colon) : cell;
    }

    private static double median(double[] v) {
        return CompareResult.median(java.util.Arrays.stream(v).filter(Double::isFinite).toArray());
    }

    private static String share(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "-";
    }
}
