package dev.rivulet.algo.replay;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The staleness and reuse bounds both replay policies share, whether they keep groups together, and
 * the decision they make once an order of preference is given.
 *
 * @param maxStaleness the most policy versions a rollout may lag behind (current − generated)
 * @param maxReuse how many times one rollout may be trained on
 * @param keepGroups batches hold whole groups ({@link GroupPacking}) instead of single rows
 */
record ReplayLimits(int maxStaleness, int maxReuse, boolean keepGroups) {

    static final OptionSpec MAX_STALENESS =
            OptionSpec.ofInt(
                            "max-staleness",
                            4,
                            "Most policy versions a rollout may lag behind the learner.")
                    .atLeast(0);
    static final OptionSpec MAX_REUSE =
            OptionSpec.ofInt("max-reuse", 1, "How many times one rollout may be trained on.")
                    .atLeast(1);
    static final OptionSpec KEEP_GROUPS =
            OptionSpec.ofBoolean(
                    "keep-groups",
                    false,
                    "Keep each group's rows together: a batch holds all of a group's eligible"
                            + " rows or none (a group larger than the batch is split).");
    static final List<OptionSpec> OPTIONS = List.of(MAX_STALENESS, MAX_REUSE, KEEP_GROUPS);

    ReplayLimits {
        if (maxStaleness < 0) {
            throw new IllegalArgumentException(
                    "option 'max-staleness' must be >= 0, got " + maxStaleness);
        }
        if (maxReuse < 1) {
            throw new IllegalArgumentException("option 'max-reuse' must be >= 1, got " + maxReuse);
        }
    }

    /** Bounds without groups kept together. */
    ReplayLimits(int maxStaleness, int maxReuse) {
        this(maxStaleness, maxReuse, false);
    }

    static ReplayLimits from(StrategyOptions options) {
        return new ReplayLimits(
                MAX_STALENESS.intValue(options),
                MAX_REUSE.intValue(options),
                KEEP_GROUPS.booleanValue(options));
    }

    /**
     * Sorts out stale and exhausted entries, then takes the first batchSize of the rest, or with
     * {@code keepGroups} packs whole groups of the rest ({@link GroupPacking}; {@code
     * newestGroupOpen} leaves out the newest entry's group).
     */
    ReplayDecision decide(
            Collection<BufferEntry> entries,
            long currentVersion,
            int batchSize,
            Comparator<BufferEntry> preference,
            boolean newestGroupOpen) {
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
        List<BufferEntry> best;
        boolean groupBound = false;
        if (keepGroups) {
            GroupPacking.Packed packed =
                    GroupPacking.pack(eligible, batchSize, preference, newestGroupOpen);
            best = packed.rows();
            groupBound = packed.bound();
        } else {
            best = first(eligible, batchSize, preference);
        }
        List<String> train = new ArrayList<>(best.size());
        List<String> lastUse = new ArrayList<>();
        for (BufferEntry e : best) {
            train.add(e.rolloutId());
            if (e.timesUsed() + 1 >= maxReuse) {
                lastUse.add(e.rolloutId());
            }
        }
        return new ReplayDecision(
                train, ids(stale), ids(exhausted), lastUse, batchSize, groupBound);
    }

    /**
     * The first {@code k} entries in {@code order}, in that order: the same as sorting all and
     * taking {@code k} (the orders are total: every one ends with the unique sequence number), in
     * O(n log k) with a bounded heap instead of O(n log n) — the buffer can hold many batches.
     */
    static List<BufferEntry> first(
            List<BufferEntry> entries, int k, Comparator<BufferEntry> order) {
        if (entries.size() <= k) {
            List<BufferEntry> all = new ArrayList<>(entries);
            all.sort(order);
            return all;
        }
        if (k == 0) {
            return List.of();
        }
        PriorityQueue<BufferEntry> worstFirst = new PriorityQueue<>(k, order.reversed());
        for (BufferEntry e : entries) {
            if (worstFirst.size() < k) {
                worstFirst.add(e);
            } else if (order.compare(e, worstFirst.peek()) < 0) {
                worstFirst.poll();
                worstFirst.add(e);
            }
        }
        List<BufferEntry> out = new ArrayList<>(worstFirst);
        out.sort(order);
        return out;
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
