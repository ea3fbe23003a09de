package dev.rivulet.protocol.fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * What one {@link GeneratorPool#update} changed: the generators it added (a returning address of a
 * retiring generator counts as added) and the ones it retired.
 *
 * @param added addresses that take calls from now on
 * @param removed addresses that take no new calls from now on
 * @param size the generators taking calls after the update
 */
public record MembershipChange(List<String> added, List<String> removed, int size) {

    public MembershipChange {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }

    /** No change, with {@code size} generators. */
    public static MembershipChange none(int size) {
        return new MembershipChange(List.of(), List.of(), size);
    }

    /** Whether a generator was added or retired. */
    public boolean changed() {
        return !added.isEmpty() || !removed.isEmpty();
    }

    /** {@code +10.0.0.7:8815, -10.0.0.5:8815 (3 generators)}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        added.forEach(a -> parts.add("+" + a));
        removed.forEach(r -> parts.add("-" + r));
        return (parts.isEmpty() ? "unchanged" : String.join(", ", parts))
                + " ("
                + size
                + (size == 1 ? " generator)" : " generators)");
    }
}
