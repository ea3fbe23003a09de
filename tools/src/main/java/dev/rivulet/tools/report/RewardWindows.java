package dev.rivulet.tools.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * Training reward summed per series ({@code task:difficulty}) and per fixed-width window of time
 * since the run's start, as the rows arrive: the report's reward chart. Memory grows with series ×
 * windows, not with rollouts.
 */
final class RewardWindows {

    /** Window width: 20 s. */
    static final long WIDTH_MILLIS = 20_000;

    private final long startMillis;
    private final Map<String, TreeMap<Long, double[]>> sums = new TreeMap<>();

    RewardWindows(long startMillis) {
        this.startMillis = startMillis;
    }

    void add(String series, long ts, double reward) {
        long w = (ts - startMillis) / WIDTH_MILLIS;
        double[] acc =
                sums.computeIfAbsent(series, k -> new TreeMap<>())
                        .computeIfAbsent(w, k -> new double[2]);
        acc[0] += reward;
        acc[1]++;
    }

    /** Each series' mean reward at each window's midpoint (seconds since the start), in order. */
    void forEachMean(MeanSink sink) {
        sums.forEach(
                (k, m) ->
                        m.forEach(
                                (w, v) ->
                                        sink.accept(
                                                k,
                                                w * (WIDTH_MILLIS / 1000.0) + WIDTH_MILLIS / 2000.0,
                                                v[0] / v[1])));
    }

    /** The number of (series, window) bins held. */
    int bins() {
        return sums.values().stream().mapToInt(Map::size).sum();
    }

    /** Receives one window's mean. */
    @FunctionalInterface
    interface MeanSink {
        void accept(String series, double seconds, double mean);
    }
}
