package dev.rivulet.tools.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per {@code task:difficulty} cell, how many training groups were generated, how many of them had
 * all-equal rewards (GRPO's advantages vanish there: the group teaches nothing), and how many were
 * generated with a hint (issue 16); and, for any estimator (SPO's one-sample visits too), the share
 * of training rollouts whose advantage was 0 (they teach nothing; dropped rows count so). A group
 * is the rows of one call's prompt ({@code rollout_id} without its last {@code -k}); it is counted
 * once all {@code group_size} rows arrived. Prior calls and groups of one are not counted. Memory
 * grows with the groups still open (those in flight), not with rollouts.
 */
final class GroupShares {

    /**
     * The counts of one cell: all groups (one-sample visits included), those of two or more
     * samples, of which how many had all-equal rewards, and how many groups were hinted.
     */
    record Cell(
            long groups, long multi, long allEqual, long hinted, long rows, long zeroAdvantage) {
        double allEqualShare() {
            return multi == 0 ? Double.NaN : (double) allEqual / multi;
        }

        double hintedShare() {
            return groups == 0 ? Double.NaN : (double) hinted / groups;
        }

        double zeroAdvantageShare() {
            return rows == 0 ? Double.NaN : (double) zeroAdvantage / rows;
        }
    }

    private static final class Open {
        final String cell;
        final int size;
        int seen;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean hinted;

        Open(String cell, int size) {
            this.cell = cell;
            this.size = size;
        }
    }

    private final Map<String, Open> open = new HashMap<>();
    private final Map<String, long[]> cells = new TreeMap<>();

    /** Folds one rollout row in (prior rows are skipped). */
    void add(JsonNode r) {
        int size = r.path("group_size").asInt(0);
        String id = r.path("rollout_id").asText("");
        int dash = id.lastIndexOf('-');
        if (size < 1 || dash <= 0 || "prior".equals(r.path("phase").asText())) {
            return;
        }
        String cell = r.path("task").asText() + ":" + r.path("difficulty").asInt();
        long[] c = cells.computeIfAbsent(cell, k -> new long[6]);
        c[4]++;
        c[5] += Math.abs(r.path("advantage").asDouble()) < 1e-12 ? 1 : 0;
        Open g = open.computeIfAbsent(id.substring(0, dash), k -> new Open(cell, size));
        double reward = r.path("reward").asDouble();
        g.min = Math.min(g.min, reward);
        g.max = Math.max(g.max, reward);
        g.hinted |= r.path("hint_level").asInt(0) > 0;
        if (++g.seen >= g.size) {
            open.remove(id.substring(0, dash));
            c[0]++;
            if (g.size >= 2) {
                c[1]++;
                c[2] += g.min == g.max ? 1 : 0;
            }
            c[3] += g.hinted ? 1 : 0;
        }
    }

    /** The completed groups' counts by cell, in cell order. */
    Map<String, Cell> cells() {
        Map<String, Cell> out = new TreeMap<>();
        cells.forEach((k, c) -> out.put(k, new Cell(c[0], c[1], c[2], c[3], c[4], c[5])));
        return out;
    }

    /** Groups still waiting for rows. */
    int open() {
        return open.size();
    }
}
