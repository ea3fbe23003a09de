package dev.rivulet.server.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which rollouts were trained, in which batch, producing which version (in training order).
 *
 * <p>Only the <em>window</em> is held in memory: the batches and rollouts of versions above the
 * {@linkplain #horizon() archive horizon}. {@link PolicyStore#commit} moves older ones out ({@link
 * #archiveRows}, then {@link #dropUpTo}) into {@link LedgerArchive} (or just counts them when there
 * is no checkpoint directory), so memory stays bounded however long the server trains. The
 * duplicate checks ({@link #checkNew}, {@link #batchVersion}) therefore cover the window only; that
 * is enough because a rollback never goes below the committed version, which is at least the
 * horizon plus the window, and batch and rollout ids carry their base version and keyed call
 * counters, so a replay after a restore can only repeat ids of versions above the restored one.
 */
public final class Ledger {

    private final Map<String, LedgerRecord> byRollout = new LinkedHashMap<>();
    private final Map<String, Long> batches = new LinkedHashMap<>();
    private long horizon;
    private long archivedRollouts;

    /**
     * Checks that a batch could be recorded: well-formed ids, a new batch id, and rollouts that are
     * neither repeated within the batch nor trained before (within the window).
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
            LedgerRecord prev = byRollout.get(id);
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
        if (version <= horizon) {
            throw new IllegalStateException(
                    "cannot record version "
                            + version
                            + ": versions up to "
                            + horizon
                            + " are archived");
        }
        checkNew(batchId, rolloutIds);
        batches.put(batchId, version);
        for (String id : rolloutIds) {
            byRollout.put(id, new LedgerRecord(id, batchId, version));
        }
    }

    private static void checkId(String kind, String id) {
        if (id == null || id.isEmpty() || id.indexOf('\t') >= 0 || id.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(
                    kind + " id must be non-empty without tabs or newlines, got '" + id + "'");
        }
    }

    /** The version a batch produced, if it was trained within the window. */
    public Optional<Long> batchVersion(String batchId) {
        return Optional.ofNullable(batches.get(batchId));
    }

    /** The entry of a rollout, if it was trained within the window. */
    public Optional<LedgerRecord> entry(String rolloutId) {
        return Optional.ofNullable(byRollout.get(rolloutId));
    }

    /**
     * Forgets everything trained after {@code version} (a rollback).
     *
     * @throws IllegalStateException if {@code version} is below the archive horizon (archived rows
     *     are never rolled back)
     */
    public void dropAfter(long version) {
        if (version < horizon) {
            throw new IllegalStateException(
                    "cannot roll the ledger back to version "
                            + version
                            + ": versions up to "
                            + horizon
                            + " are archived");
        }
        byRollout.values().removeIf(e -> e.version() > version);
        batches.values().removeIf(v -> v > version);
    }

    /** A copy of the window holding only what was trained up to and including {@code version}. */
    Ledger upTo(long version) {
        Ledger l = new Ledger();
        l.replaceWith(this);
        l.dropAfter(version);
        return l;
    }

    /** The window's entries (versions above the horizon) in training order. */
    public List<LedgerRecord> entries() {
        return Collections.unmodifiableList(new ArrayList<>(byRollout.values()));
    }

    /** Number of trained rollouts held in memory (the window). */
    public int size() {
        return byRollout.size();
    }

    /** Number of batches held in memory (the window). */
    public int batchCount() {
        return batches.size();
    }

    /** Versions up to and including this one are archived: no longer in memory. */
    public long horizon() {
        return horizon;
    }

    /** Trained rollouts of versions up to the horizon (archived or, in memory only, dropped). */
    public long archivedRollouts() {
        return archivedRollouts;
    }

    void setArchivedRollouts(long n) {
        archivedRollouts = n;
    }

    /**
     * The archive lines (the {@link #toTsv()} format) of the window's versions up to {@code upTo},
     * ordered by version: each batch line followed by the lines of its rollouts.
     */
    List<String> archiveRows(long upTo) {
        List<String> out = new ArrayList<>();
        Iterator<LedgerRecord> rollouts = byRollout.values().iterator();
        LedgerRecord next = rollouts.hasNext() ? rollouts.next() : null;
        for (Map.Entry<String, Long> b : batches.entrySet()) {
            long v = b.getValue();
            if (v > upTo) {
                break;
            }
            out.add(batchLine(b.getKey(), v));
            while (next != null && next.version() <= v) {
                out.add(rolloutLine(next));
                next = rollouts.hasNext() ? rollouts.next() : null;
            }
        }
        return out;
    }

    /**
     * Drops the window's entries of versions up to {@code newHorizon} (after {@link #archiveRows}
     * were made durable) and moves the horizon there.
     */
    void dropUpTo(long newHorizon) {
        if (newHorizon <= horizon) {
            return;
        }
        for (Iterator<LedgerRecord> it = byRollout.values().iterator(); it.hasNext(); ) {
            if (it.next().version() > newHorizon) {
                break;
            }
            it.remove();
            archivedRollouts++;
        }
        for (Iterator<Long> it = batches.values().iterator(); it.hasNext(); ) {
            if (it.next() > newHorizon) {
                break;
            }
            it.remove();
        }
        horizon = newHorizon;
    }

    private static String batchLine(String batchId, long version) {
        return "batch\t" + batchId + '\t' + version;
    }

    private static String rolloutLine(LedgerRecord e) {
        return "rollout\t" + e.rolloutId() + '\t' + e.batchId() + '\t' + e.version();
    }

    /**
     * Serialises the window as tab-separated lines {@code rollout batch version} (batches without
     * rollouts too).
     */
    String toTsv() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Long> b : batches.entrySet()) {
            sb.append(batchLine(b.getKey(), b.getValue())).append('\n');
        }
        for (LedgerRecord e : byRollout.values()) {
            sb.append(rolloutLine(e)).append('\n');
        }
        return sb.toString();
    }

    /** Parses {@link #toTsv()} output (the window above {@code horizon}). */
    static Ledger fromTsv(String tsv, long horizon) {
        Ledger l = new Ledger();
        l.horizon = horizon;
        for (String line : tsv.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t");
            if (f[0].equals("batch") && f.length == 3) {
                l.batches.put(f[1], Long.parseLong(f[2]));
            } else if (f[0].equals("rollout") && f.length == 4) {
                l.byRollout.put(f[1], new LedgerRecord(f[1], f[2], Long.parseLong(f[3])));
            } else {
                throw new IllegalArgumentException("bad ledger line: " + line);
            }
        }
        return l;
    }

    /** Parses one archive or {@link #toTsv()} line: its version. */
    static long lineVersion(String line) {
        return Long.parseLong(line.substring(line.lastIndexOf('\t') + 1));
    }

    /** The entry of a rollout line, or null for a batch line. */
    static LedgerRecord parseRollout(String line) {
        String[] f = line.split("\t");
        if (f[0].equals("rollout") && f.length == 4) {
            return new LedgerRecord(f[1], f[2], Long.parseLong(f[3]));
        }
        if (f[0].equals("batch") && f.length == 3) {
            return null;
        }
        throw new IllegalArgumentException("bad ledger line: " + line);
    }

    /** Replaces this ledger's window and horizon with another's (the archived count stays). */
    void replaceWith(Ledger other) {
        byRollout.clear();
        byRollout.putAll(other.byRollout);
        batches.clear();
        batches.putAll(other.batches);
        horizon = other.horizon;
    }
}
