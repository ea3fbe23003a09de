package dev.rivulet.server.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Which rollouts were trained, in which batch, producing which version (in training order). */
public final class Ledger {

    private final Map<String, LedgerEntry> byRollout = new LinkedHashMap<>();
    private final Map<String, Long> batches = new LinkedHashMap<>();

    /**
     * Checks that a batch could be recorded: well-formed ids, a new batch id, and rollouts that are
     * neither repeated within the batch nor trained before.
     *
     * @throws IllegalArgumentException naming the offending id
     */
    public void checkNew(String batchId, Collection<String> rolloutIds) {
        checkId("batch", batchId);
        if (batches.containsKey(batchId)) {
            throw new IllegalArgumentException("batch " + batchId + " is already in the ledger");
        }
        Set<String> seen = new HashSet<>();
        for (String id : rolloutIds) {
            checkId("rollout", id);
            if (!seen.add(id)) {
                throw new IllegalArgumentException(
                        "rollout " + id + " appears twice in batch " + batchId);
            }
            LedgerEntry prev = byRollout.get(id);
            if (prev != null) {
                throw new IllegalArgumentException(
                        "rollout "
                                + id
                                + " was already trained in batch "
                                + prev.batchId()
                                + " (version "
                                + prev.version()
                                + ")");
            }
        }
    }

    /** Records a trained batch after {@link #checkNew} accepts it. */
    public void record(String batchId, Collection<String> rolloutIds, long version) {
        checkNew(batchId, rolloutIds);
        batches.put(batchId, version);
        for (String id : rolloutIds) {
            byRollout.put(id, new LedgerEntry(id, batchId, version));
        }
    }

    private static void checkId(String kind, String id) {
        if (id == null || id.isEmpty() || id.indexOf('\t') >= 0 || id.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(
                    kind + " id must be non-empty without tabs or newlines, got '" + id + "'");
        }
    }

    /** The version a batch produced, if it was trained. */
    public Optional<Long> batchVersion(String batchId) {
        return Optional.ofNullable(batches.get(batchId));
    }

    /** The entry of a rollout, if it was trained. */
    public Optional<LedgerEntry> entry(String rolloutId) {
        return Optional.ofNullable(byRollout.get(rolloutId));
    }

    /** Forgets everything trained after {@code version} (a rollback). */
    public void dropAfter(long version) {
        byRollout.values().removeIf(e -> e.version() > version);
        batches.values().removeIf(v -> v > version);
    }

    /** A copy holding only what was trained up to and including {@code version}. */
    Ledger upTo(long version) {
        Ledger l = new Ledger();
        l.replaceWith(this);
        l.dropAfter(version);
        return l;
    }

    /** All entries in training order. */
    public List<LedgerEntry> entries() {
        return Collections.unmodifiableList(new ArrayList<>(byRollout.values()));
    }

    /** Number of trained rollouts. */
    public int size() {
        return byRollout.size();
    }

    /**
     * Serialises as tab-separated lines {@code rollout batch version} (batches without rollouts
     * too).
     */
    String toTsv() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Long> b : batches.entrySet()) {
            sb.append("batch\t").append(b.getKey()).append('\t').append(b.getValue()).append('\n');
        }
        for (LedgerEntry e : byRollout.values()) {
            sb.append("rollout\t")
                    .append(e.rolloutId())
                    .append('\t')
                    .append(e.batchId())
                    .append('\t')
                    .append(e.version())
                    .append('\n');
        }
        return sb.toString();
    }

    /** Parses {@link #toTsv()} output. */
    static Ledger fromTsv(String tsv) {
        Ledger l = new Ledger();
        for (String line : tsv.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t");
            if (f[0].equals("batch") && f.length == 3) {
                l.batches.put(f[1], Long.parseLong(f[2]));
            } else if (f[0].equals("rollout") && f.length == 4) {
                l.byRollout.put(f[1], new LedgerEntry(f[1], f[2], Long.parseLong(f[3])));
            } else {
                throw new IllegalArgumentException("bad ledger line: " + line);
            }
        }
        return l;
    }

    /** Replaces this ledger's content with another's. */
    void replaceWith(Ledger other) {
        byRollout.clear();
        byRollout.putAll(other.byRollout);
        batches.clear();
        batches.putAll(other.batches);
    }
}
