package dev.rivulet.algo.replay;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * First in, first out: the least-used entries first, oldest insertion first among them, within the
 * staleness and reuse bounds.
 */
public final class FifoReplay implements ReplayPolicy {

    private static final Comparator<BufferEntry> ORDER =
            Comparator.comparingInt(BufferEntry::timesUsed)
                    .thenComparingLong(BufferEntry::sequence);

    private final ReplayLimits limits;

    public FifoReplay(int maxStaleness, int maxReuse) {
        this(new ReplayLimits(maxStaleness, maxReuse));
    }

    FifoReplay(ReplayLimits limits) {
        this.limits = limits;
    }

    @Override
    public ReplayDecision decide(
            Collection<BufferEntry> entries, long currentVersion, int batchSize) {
        return decide(entries, currentVersion, batchSize, false);
    }

    @Override
    public ReplayDecision decide(
            Collection<BufferEntry> entries,
            long currentVersion,
            int batchSize,
            boolean newestGroupOpen) {
        return limits.decide(entries, currentVersion, batchSize, ORDER, newestGroupOpen);
    }

    /** Registers {@code fifo}. */
    public static final class Factory implements ReplayPolicyFactory {
        @Override
        public String id() {
            return "fifo";
        }

        @Override
        public String description() {
            return "Oldest (least-used) rollouts first, within max-staleness and max-reuse.";
        }

        @Override
        public List<OptionSpec> options() {
            return ReplayLimits.OPTIONS;
        }

        @Override
        public ReplayPolicy create(StrategyOptions options) {
            return new FifoReplay(ReplayLimits.from(options));
        }
    }
}
