package dev.rivulet.operators.pipeline;

import dev.rivulet.protocol.ScoredRollout;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;

/** Passes rollouts through and throws exactly once, after a given count, to force a restore. */
final class FailOnce implements MapFunction<ScoredRollout, ScoredRollout> {

    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicLong SEEN = new AtomicLong();

    private final long after;

    FailOnce(long after) {
        this.after = after;
    }

    @Override
    public ScoredRollout map(ScoredRollout value) {
        if (SEEN.incrementAndGet() >= after && FAILED.compareAndSet(false, true)) {
            throw new IllegalStateException("injected failure after " + after + " rollouts");
        }
        return value;
    }
}
