package dev.rivulet.operators.metrics;

import java.util.function.LongSupplier;
import org.apache.flink.metrics.Counter;

/**
 * A Flink {@link Counter} that shows a count kept elsewhere (e.g. in the learner's Flink-free
 * {@code LearnerMetrics}), so the count is exported as a counter while the counting stays
 * Flink-free. It is read-only: {@code inc} and {@code dec} throw.
 */
public final class CountView implements Counter {

    private final LongSupplier count;

    public CountView(LongSupplier count) {
        this.count = count;
    }

    @Override
    public long getCount() {
        return count.getAsLong();
    }

    @Override
    public void inc() {
        throw new UnsupportedOperationException("a CountView is read-only");
    }

    @Override
    public void inc(long n) {
        throw new UnsupportedOperationException("a CountView is read-only");
    }

    @Override
    public void dec() {
        throw new UnsupportedOperationException("a CountView is read-only");
    }

    @Override
    public void dec(long n) {
        throw new UnsupportedOperationException("a CountView is read-only");
    }
}
