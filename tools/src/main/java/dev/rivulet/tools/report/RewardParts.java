package dev.rivulet.tools.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the named reward parts of rollout rows ({@code "reward_parts": {"correctness": 1.0,
 * "format": 0.5}}) and averages them, overall and per time window. Rows without the field (older
 * telemetry) are skipped.
 */
public final class RewardParts {

    /** The telemetry field of a rollout row that holds its reward parts. */
    public static final String FIELD = "reward_parts";

    private RewardParts() {}

    /**
     * One time window of the run.
     *
     * @param fromSeconds window start, seconds after the run started
     * @param toSeconds window end
     * @param rollouts rollouts with reward parts in the window
     * @param means part name → mean over those rollouts (names sorted)
     */
    public record Window(
            double fromSeconds, double toSeconds, int rollouts, Map<String, Double> means) {}

    /**
     * Part name → mean over every row carrying parts (a part missing from a row is not counted).
     */
    public static Map<String, Double> means(List<JsonNode> rows) {
        Map<String, double[]> acc = new TreeMap<>();
        for (JsonNode r : rows) {
            add(acc, r);
        }
        return finish(acc);
    }

    /** The part means per window of {@code windows} equal windows of the rows' time span. */
    public static List<Window> overTime(List<JsonNode> rows, long startMillis, int windows) {
        if (windows < 1) {
            throw new IllegalArgumentException("windows must be >= 1, got " + windows);
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (JsonNode r : rows) {
            if (r.path(FIELD).isObject()) {
                long ts = r.path("ts").asLong();
                first = Math.min(first, ts);
                last = Math.max(last, ts);
            }
        }
        List<Window> out = new ArrayList<>();
        if (first > last) {
            return out;
        }
        double width = Math.max(1.0, (double) (last - first + 1)) / windows;
        List<Map<String, double[]>> acc = new ArrayList<>();
        int[] counts = new int[windows];
        for (int i = 0; i < windows; i++) {
            acc.add(new TreeMap<>());
        }
        for (JsonNode r : rows) {
            if (r.path(FIELD).isObject()) {
                int w = (int) Math.min(windows - 1, (r.path("ts").asLong() - first) / width);
                add(acc.get(w), r);
                counts[w]++;
            }
        }
        for (int i = 0; i < windows; i++) {
            if (counts[i] > 0) {
                out.add(
                        new Window(
                                (first + i * width - startMillis) / 1000.0,
                                (first + (i + 1) * width - startMillis) / 1000.0,
                                counts[i],
                                finish(acc.get(i))));
            }
        }
        return out;
    }

    /**
     * Adds a row's numeric parts to {@code acc} (part name → [sum, count]); no parts, no change.
     */
    static void add(Map<String, double[]> acc, JsonNode row) {
        JsonNode parts = row.path(FIELD);
        if (!parts.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = parts.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNumber()) {
                double[] a = acc.computeIfAbsent(e.getKey(), k -> new double[2]);
                a[0] += e.getValue().asDouble();
                a[1]++;
            }
        }
    }

    /** Part name → sum / count. */
    static Map<String, Double> finish(Map<String, double[]> acc) {
        Map<String, Double> m = new TreeMap<>();
        acc.forEach((k, a) -> m.put(k, a[0] / a[1]));
        return m;
    }
}
