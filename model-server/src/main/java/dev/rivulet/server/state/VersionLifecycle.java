package dev.rivulet.server.state;

import dev.rivulet.server.io.DirWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of the policy-version lifecycle: the monotonically increasing current version, the
 * committed version, the in-memory snapshots that commit and rollback work with, the two-phase
 * commit onto a {@link Durability} ({@link #prepare}, {@link #commit}), rollbacks to a held or a
 * prepared version, and the lineage token that names the history a train batch was sent for.
 *
 * <p>Snapshots are held for the committed version and every later one; {@code commit(V)} drops
 * older ones. A rollback forgets later versions and their durable checkpoints and draws a new
 * lineage. Prepared checkpoints above the current version are kept at start-up for a roll-forward,
 * but belong to no lineage once training goes on instead ({@link #beforeStep()} deletes them).
 *
 * <p>Not thread-safe: the caller serialises these calls.
 */
public final class VersionLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(VersionLifecycle.class);

    private final Durability durability;
    private final NavigableMap<Long, Snapshot> snapshots = new TreeMap<>();
    private long version;
    private long committed;
    private String lineage = Lineage.next();

    /** True while prepared checkpoints newer than the current version may exist. */
    private boolean durableAhead = true;

    /**
     * A lifecycle at {@code start}'s version, which counts as committed and is the only one held.
     */
    public VersionLifecycle(Durability durability, Snapshot start) {
        this.durability = durability;
        restarted(start);
    }

    /** The current version. */
    public long current() {
        return version;
    }

    /** The newest committed version. */
    public long committed() {
        return committed;
    }

    /** Versions held in memory: those a rollback restores without reading a checkpoint. */
    public NavigableSet<Long> held() {
        return Collections.unmodifiableNavigableSet(snapshots.navigableKeySet());
    }

    /** Bytes the held snapshots take on the heap ({@link Snapshot#bytes()}). */
    public long heldBytes() {
        long total = 0;
        for (Snapshot s : snapshots.values()) {
            total += s.bytes();
        }
        return total;
    }

    /** Drawn anew at start-up and on every rollback; batches naming another one are refused. */
    public String lineage() {
        return lineage;
    }

    /** The held snapshot of {@code v}, if any. */
    public Optional<Snapshot> snapshot(long v) {
        return Optional.ofNullable(snapshots.get(v));
    }

    /**
     * The held snapshot of {@code v}.
     *
     * @throws IllegalArgumentException saying that {@code v} is not held, for {@code what}
     */
    public Snapshot require(long v, String what) {
        Snapshot s = snapshots.get(v);
        if (s == null) {
            throw new IllegalArgumentException(
                    "cannot " + what + " version " + v + ": held versions are " + held());
        }
        return s;
    }

    /**
     * Before a step from the current version: deletes prepared checkpoints above it (once), since a
     * new version n must never be mistaken for a dead lineage's prepared {@code ckpt-n}.
     */
    public void beforeStep() {
        if (!durableAhead) {
            return;
        }
        try {
            var dead = durability.versions().tailMap(version, false);
            if (!dead.isEmpty()) {
                LOG.info(
                        "training on from version {}: deleting prepared checkpoints {} of a"
                                + " lineage that was not rolled forward to",
                        version,
                        dead.keySet());
                durability.dropAfter(version);
            }
            durableAhead = false;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot delete prepared checkpoints above version " + version, e);
        }
    }

    /** Records the step to the next version with its snapshot. */
    public void stepped(Snapshot next) {
        if (next.version() != version + 1) {
            throw new IllegalArgumentException(
                    "step to version " + next.version() + " from version " + version);
        }
        version = next.version();
        snapshots.put(version, next);
    }

    /**
     * Phase one of a commit: makes {@code v} durable (see {@link Durability#prepare}), its content
     * written by {@code content} from the held snapshot. A version not newer than the committed one
     * needs nothing.
     *
     * @return the durable checkpoint, or empty when nothing is durable or needed
     * @throws IllegalArgumentException if {@code v} must be written but is not held
     */
    public Optional<Path> prepare(long v, Function<Snapshot, DirWriter> content)
            throws IOException {
        if (v <= committed) {
            return Optional.empty();
        }
        return durability.prepare(v, () -> content.apply(require(v, "prepare")));
    }

    /**
     * Phase two: makes {@code v} durable as the committed version (prepared first if needed), then
     * marks it committed in memory, dropping older snapshots. A version not newer than the
     * committed one is ignored (a repeat after a restore).
     *
     * @return the committed checkpoint; empty when ignored or nothing is durable
     * @throws IllegalArgumentException if {@code v} is not held
     */
    public Optional<Path> commit(long v, Function<Snapshot, DirWriter> content) throws IOException {
        if (v <= committed) {
            return Optional.empty();
        }
        Optional<Path> dir =
                durability.publishCommitted(v, () -> content.apply(require(v, "prepare")));
        if (!snapshots.containsKey(v)) {
            throw new IllegalArgumentException(
                    "cannot commit version " + v + ": current " + version + ", held " + held());
        }
        committed = v;
        snapshots.headMap(v, false).clear();
        return dir;
    }

    /** Prepared versions a rollback can return to: durable ones at or above the committed one. */
    public NavigableSet<Long> prepared() throws IOException {
        return durability.versions().tailMap(committed, true).navigableKeySet();
    }

    /** Whether {@code v} can be rolled back to: held, prepared, or retained (a rewind). */
    public boolean canRollBackTo(long v) throws IOException {
        return snapshots.containsKey(v) || prepared().contains(v) || rewindable(v);
    }

    /**
     * Whether {@code v} is a retained durable checkpoint below the committed version: a rollback to
     * it is a rewind ({@link #rewound}).
     */
    public boolean rewindable(long v) throws IOException {
        return v < committed
                && durability.retained().contains(v)
                && durability.versions().containsKey(v);
    }

    /** The retained versions (see {@link Durability#retain}). */
    public NavigableSet<Long> retained() throws IOException {
        return durability.retained();
    }

    /**
     * After a rewind to the retained version {@code start.version()}, whose state the caller read
     * from its durable checkpoint and made the one a restart restores: it is the current, committed
     * and only held version, durable checkpoints above it are gone, and a new lineage is drawn.
     */
    public void rewound(Snapshot start) {
        restarted(start);
        lineage = Lineage.next();
        durableAhead = false;
    }

    /**
     * Rolls back to the held version {@code v}: later versions, their snapshots and their durable
     * checkpoints are forgotten, and a new lineage is drawn. The caller restores the returned
     * snapshot's state.
     *
     * @throws IllegalArgumentException if {@code v} is not held
     */
    public Snapshot rollBack(long v) throws IOException {
        Snapshot s = require(v, "roll back to");
        durability.dropAfter(v);
        snapshots.tailMap(v, false).clear();
        version = v;
        committed = Math.min(committed, v);
        lineage = Lineage.next();
        return s;
    }

    /**
     * Returns to the prepared version {@code next.version()}, whose state the caller read from its
     * durable checkpoint: durable checkpoints above it are deleted, snapshots newer than the
     * committed version are replaced by {@code next}, and a new lineage is drawn.
     *
     * @throws IllegalArgumentException if the version is below the committed one
     */
    public void rolledForward(Snapshot next) throws IOException {
        long v = next.version();
        if (v < committed) {
            throw new IllegalArgumentException(
                    "cannot roll back to version " + v + ": below committed version " + committed);
        }
        durability.dropAfter(v);
        snapshots.tailMap(committed, false).clear();
        snapshots.put(v, next);
        version = v;
        lineage = Lineage.next();
    }

    /** After a restore: {@code start} is the current, committed and only held version. */
    public void restarted(Snapshot start) {
        snapshots.clear();
        snapshots.put(start.version(), start);
        version = start.version();
        committed = version;
    }
}
