package dev.rivulet.algo.replay;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Prioritised replay: largest |advantage| first, ties broken by freshness (newer policy version,
 * then newer insertion), within the staleness and reuse bounds.
 */
public final class PrioritizedReplay implements ReplayPolicy {

    private static final Comparator<BufferEntry> ORDER =
            Comparator.comparingDouble((BufferEntry e) -> Math.abs(e.advantage()))
                    .thenComparingLong(BufferEntry::policyVersion)
                    .thenComparingLong(BufferEntry::sequence)
                    .reversed();

    private final ReplayLimits limits;

    public PrioritizedReplay(int maxStaleness, int maxReuse) {
        this(new ReplayLimits(maxStaleness, maxReuse));
    }

    PrioritizedReplay(ReplayLimits limits) {
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

    /** Registers {@code prioritized}. */
    public static final class Factory implements ReplayPolicyFactory {
        @Override
        public String id() {
            return "prioritized";
        }

        @Override
        public String description() {
            return "Largest |advantage| first, fresher first on ties, within the bounds.";
        }

        @Override
        public List<OptionSpec> options() {
            return ReplayLimits.OPTIONS;
        }

        @Override
        public ReplayPolicy create(StrategyOptions options) {
            return new PrioritizedReplay(ReplayLimits.from(options));
        }
    }
}
