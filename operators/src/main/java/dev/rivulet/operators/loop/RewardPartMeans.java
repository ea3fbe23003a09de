package dev.rivulet.operators.loop;

import dev.rivulet.operators.telemetry.RolloutEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The running mean of each reward part per task: the mean of the part over the task's last {@link
 * #WINDOW} scored samples that report it. Samples are taken on the task thread; the metric reporter
 * reads {@link #mean}. At most {@link #MAX_SERIES} (task, part) pairs are kept, so a reward that
 * invents part names cannot grow the metrics without bound.
 */
final class RewardPartMeans {

    /** Samples each mean covers. */
    static final int WINDOW = 256;

    /** Most (task, part) pairs tracked. */
    static final int MAX_SERIES = 64;

    /** A (task, part) pair. */
    record Key(String task, String part) {}

    private final Map<Key, Window> windows = new ConcurrentHashMap<>();

    /**
     * Takes the reward parts of {@code samples}; returns the pairs seen for the first time (whose
     * gauges the caller registers).
     */
    List<Key> record(Iterable<RolloutEvent> samples) {
        List<Key> added = new ArrayList<>();
        for (RolloutEvent e : samples) {
            for (Map.Entry<String, Double> part : e.rewardParts().entrySet()) {
                Key key = new Key(e.task(), part.getKey());
                Window w = windows.get(key);
                if (w == null) {
                    if (windows.size() >= MAX_SERIES) {
                        continue;
                    }
                    w = new Window();
                    windows.put(key, w);
                    added.add(key);
                }
                w.add(part.getValue());
            }
        }
        return added;
    }

    /** The mean of {@code key}'s window, NaN for a pair never seen. */
    double mean(Key key) {
        Window w = windows.get(key);
        return w == null ? Double.NaN : w.mean;
    }

    /** The last {@link #WINDOW} values of one pair and their mean. */
    private static final class Window {
        private final double[] values = new double[WINDOW];
        private int size;
        private int next;
        private double sum;
        private volatile double mean = Double.NaN;

        void add(double v) {
            if (!Double.isFinite(v)) {
                return;
            }
            if (size == WINDOW) {
                sum -= values[next];
            } else {
                size++;
            }
            values[next] = v;
            next = (next + 1) % WINDOW;
            sum += v;
            mean = sum / size;
        }
    }
}
