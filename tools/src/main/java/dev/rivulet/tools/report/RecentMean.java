package dev.rivulet.tools.report;

/** The mean of the last {@code capacity} values added: a ring buffer, constant memory. */
final class RecentMean {

    private final double[] ring;
    private int next;
    private int size;

    RecentMean(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.ring = new double[capacity];
    }

    void add(double v) {
        ring[next] = v;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    /** The mean of the retained values; NaN when none was added. */
    double mean() {
        if (size == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += ring[i];
        }
        return sum / size;
    }

    /** The number of slots (the memory held), not the number of values ever added. */
    int capacity() {
        return ring.length;
    }
}
