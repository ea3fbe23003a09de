package dev.rivulet.algo.replay;

import dev.rivulet.algo.registry.StrategyOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The staleness and reuse bounds both replay policies share, and the decision they make once an
 * order of preference is given.
 *
 * @param maxStaleness the most policy versions a rollout may lag behind (current − generated)
 * @param maxReuse how many times one rollout may be trained on
 */
record ReplayLimits(int maxStaleness, int maxReuse) {

    static final String MAX_STALENESS = "max-staleness";
    static final String MAX_REUSE = "max-reuse";
    static final Set<String> KEYS = Set.of(MAX_STALENESS, MAX_REUSE);

    ReplayLimits {
        if (maxStaleness < 0) {
            throw new IllegalArgumentException(
                    "option 'max-staleness' must be >= 0, got " + maxStaleness);
        }
        if (maxReuse < 1) {
            throw new IllegalArgumentException("option 'max-reuse' must be >= 1, got " + maxReuse);
        }
    }

    static ReplayLimits from(StrategyOptions options) {
        return new ReplayLimits(options.getInt(MAX_STALENESS, 4), options.getInt(MAX_REUSE, 1));
    }

    /** Sorts out stale and exhausted entries, then takes the first batchSize of the rest. */
    ReplayDecision decide(
            List<BufferEntry> entries,
            long currentVersion,
            int batchSize,
            Comparator<BufferEntry> preference) {
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch size must be >= 0, got " + batchSize);
        }
        List<BufferEntry> stale = new ArrayList<>();
        List<BufferEntry> exhausted = new ArrayList<>();
        List<BufferEntry> eligible = new ArrayList<>();
        for (BufferEntry e : entries) {
            // newer than the learner: made by weights that a rollback discarded (a restore rolls
            // the server back while generation calls of the old attempt may still run), so it is
            // dropped with the stale ones; behind by more than the bound: stale
            if (e.policyVersion() > currentVersion
                    || currentVersion - e.policyVersion() > maxStaleness) {
                stale.add(e);
            } else if (e.timesUsed() >= maxReuse) {
                exhausted.add(e);
            } else {
                eligible.add(e);
            }
        }
        eligible.sort(preference);
        List<String> train = new ArrayList<>();
        List<String> lastUse = new ArrayList<>();
        for (int i = 0; i < Math.min(batchSize, eligible.size()); i++) {
            BufferEntry e = eligible.get(i);
            train.add(e.rolloutId());
            if (e.timesUsed() + 1 >= maxReuse) {
                lastUse.add(e.rolloutId());
            }
        }
        return new ReplayDecision(train, ids(stale), ids(exhausted), lastUse, batchSize);
    }

    private static List<String> ids(List<BufferEntry> entries) {
        entries.sort(Comparator.comparingLong(BufferEntry::sequence));
        List<String> out = new ArrayList<>(entries.size());
        for (BufferEntry e : entries) {
            out.add(e.rolloutId());
        }
        return out;
    }
}
