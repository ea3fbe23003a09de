package dev.rivulet.tools.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reward parts of rollout rows binned by time as they arrive, to be cut into equal windows of
 * the whole span once the run ends ({@link RewardParts#overTime} over the retained rows, without
 * retaining them).
 *
 * <p>Rows go into bins of {@code resolution} milliseconds (1 at first). When more than {@code
 * maxBins} bins exist, the resolution doubles and neighbouring bins merge, so memory stays below
 * {@code maxBins} bins however long the run. A bin goes to the window of its earliest row: while
 * the resolution is 1 ms (fewer than {@code maxBins} distinct timestamps) the windows are exactly
 * those of the row-by-row computation; after that a window's edge is placed to within one bin,
 * under 2 / {@code maxBins} of the span.
 */
final class PartsTimeline {

    /** Default bin limit: a window edge within 1/4096 of the run. */
    static final int MAX_BINS = 8192;

    private final int maxBins;
    private long resolution = 1;
    private TreeMap<Long, Bin> bins = new TreeMap<>();
    private long first = Long.MAX_VALUE;
    private long last = Long.MIN_VALUE;

    PartsTimeline() {
        this(MAX_BINS);
    }

    PartsTimeline(int maxBins) {
        if (maxBins < 2) {
            throw new IllegalArgumentException("maxBins must be >= 2, got " + maxBins);
        }
        this.maxBins = maxBins;
    }

    /** Adds a row's parts; a row without {@link RewardParts#FIELD} is ignored. */
    void add(JsonNode row) {
        if (!row.path(RewardParts.FIELD).isObject()) {
            return;
        }
        long ts = row.path("ts").asLong();
        first = Math.min(first, ts);
        last = Math.max(last, ts);
        Bin b = bins.computeIfAbsent(Math.floorDiv(ts, resolution), k -> new Bin(ts));
        b.minTs = Math.min(b.minTs, ts);
        b.count++;
        RewardParts.add(b.sums, row);
        if (bins.size() > maxBins) {
            coarsen();
        }
    }

    private void coarsen() {
        resolution *= 2;
        TreeMap<Long, Bin> merged = new TreeMap<>();
        bins.forEach((k, b) -> merged.merge(Math.floorDiv(k, 2), b, (x, y) -> x.absorb(y)));
        bins = merged;
    }

    /** The part means per window of {@code windows} equal windows of the rows' time span. */
    List<RewardParts.Window> windows(long startMillis, int windows) {
        if (windows < 1) {
            throw new IllegalArgumentException("windows must be >= 1, got " + windows);
        }
        List<RewardParts.Window> out = new ArrayList<>();
        if (first > last) {
            return out;
        }
        double width = Math.max(1.0, (double) (last - first + 1)) / windows;
        List<Map<String, double[]>> acc = new ArrayList<>();
        int[] counts = new int[windows];
        for (int i = 0; i < windows; i++) {
            acc.add(new TreeMap<>());
        }
        for (Bin b : bins.values()) {
            int w = (int) Math.min(windows - 1, (b.minTs - first) / width);
            b.sums.forEach(
                    (name, s) -> {
                        double[] a = acc.get(w).computeIfAbsent(name, k -> new double[2]);
                        a[0] += s[0];
                        a[1] += s[1];
                    });
            counts[w] += b.count;
        }
        for (int i = 0; i < windows; i++) {
            if (counts[i] > 0) {
                out.add(
                        new RewardParts.Window(
                                (first + i * width - startMillis) / 1000.0,
                                (first + (i + 1) * width - startMillis) / 1000.0,
                                counts[i],
                                RewardParts.finish(acc.get(i))));
            }
        }
        return out;
    }

    /** The number of bins held (at most {@code maxBins}). */
    int bins() {
        return bins.size();
    }

    /** Milliseconds per bin. */
    long resolution() {
        return resolution;
    }

    /** One bin: its earliest row's time, its row count and its parts' sums and counts. */
    private static final class Bin {
        long minTs;
        int count;
        final Map<String, double[]> sums = new TreeMap<>();

        Bin(long ts) {
            this.minTs = ts;
        }

        Bin absorb(Bin o) {
            minTs = Math.min(minTs, o.minTs);
            count += o.count;
            o.sums.forEach(
                    (name, s) -> {
                        double[] a = sums.computeIfAbsent(name, k -> new double[2]);
                        a[0] += s[0];
                        a[1] += s[1];
                    });
            return this;
        }
    }
}
