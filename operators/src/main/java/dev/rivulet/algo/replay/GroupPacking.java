package dev.rivulet.algo.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills a micro-batch with whole groups ({@code keep-groups=true}): a group's eligible rows are all
 * in the batch or all left for a later one.
 *
 * <p>Rules, in this order:
 *
 * <ul>
 *   <li>A rollout with an empty group id is a group of its own.
 *   <li>Within a group, rows are in the policy's order; groups are ranked by their best row.
 *   <li>Groups are taken in rank order while they fit. The first group that does not fit ends the
 *       batch ({@link Packed#bound()}): no later, smaller group jumps ahead of it, so the policy's
 *       order between groups is kept and the batch may be smaller than the batch size.
 *   <li>A group larger than the batch size is split: when it comes first, its first {@code
 *       batchSize} rows (in the policy's order) make the batch alone, and its other rows stay a
 *       group for the next batches.
 *   <li>With {@code newestGroupOpen} (a draw right after a row arrived) groups whose rows may still
 *       be arriving are left out: a group of known size ({@link BufferEntry#groupSize}) with fewer
 *       eligible rows than that and none of them used yet (rows of two loop shards can interleave,
 *       so this can be any group, not only the newest), and the newest entry's group when its size
 *       is unknown. The partial draw after the wait takes them as they are (the rest of a group
 *       larger than the batch, say, or one whose rows were pruned).
 * </ul>
 */
final class GroupPacking {

    /**
     * The rows chosen.
     *
     * @param rows the entries of the batch, group by group
     * @param bound true when the next group in rank order did not fit
     */
    record Packed(List<BufferEntry> rows, boolean bound) {}

    /** Which group an entry belongs to: its group id, or itself when it has none. */
    private record GroupKey(String groupId, String soloRolloutId) {

        static GroupKey of(BufferEntry e) {
            return e.groupId().isEmpty()
                    ? new GroupKey("", e.rolloutId())
                    : new GroupKey(e.groupId(), null);
        }
    }

    private GroupPacking() {}

    /** Packs {@code eligible} (in any order) into a batch of at most {@code batchSize} rows. */
    static Packed pack(
            List<BufferEntry> eligible,
            int batchSize,
            Comparator<BufferEntry> order,
            boolean newestGroupOpen) {
        if (batchSize == 0 || eligible.isEmpty()) {
            return new Packed(List.of(), false);
        }
        Map<GroupKey, List<BufferEntry>> groups = new LinkedHashMap<>();
        for (BufferEntry e : eligible) {
            groups.computeIfAbsent(GroupKey.of(e), k -> new ArrayList<>()).add(e);
        }
        if (newestGroupOpen) {
            BufferEntry newest = newest(eligible);
            if (newest.groupSize() == 0) {
                groups.remove(GroupKey.of(newest));
            }
            groups.values().removeIf(GroupPacking::stillArriving);
        }
        List<List<BufferEntry>> ranked = new ArrayList<>(groups.values());
        for (List<BufferEntry> g : ranked) {
            g.sort(order);
        }
        ranked.sort((a, b) -> order.compare(a.get(0), b.get(0)));
        List<BufferEntry> rows = new ArrayList<>();
        for (List<BufferEntry> g : ranked) {
            int room = batchSize - rows.size();
            if (g.size() <= room) {
                rows.addAll(g);
                if (rows.size() == batchSize) {
                    return new Packed(rows, false);
                }
            } else if (rows.isEmpty()) {
                return new Packed(List.copyOf(g.subList(0, batchSize)), false);
            } else {
                return new Packed(rows, true);
            }
        }
        return new Packed(rows, false);
    }

    /** A group of known size that has fewer rows than that, none of them used yet. */
    private static boolean stillArriving(List<BufferEntry> group) {
        int size = group.get(0).groupSize();
        return size > 0 && group.size() < size && group.stream().allMatch(e -> e.timesUsed() == 0);
    }

    private static BufferEntry newest(List<BufferEntry> entries) {
        BufferEntry newest = entries.get(0);
        for (BufferEntry e : entries) {
            if (e.sequence() > newest.sequence()) {
                newest = e;
            }
        }
        return newest;
    }
}
