package dev.rivulet.server.state;

import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Ledger} over its {@link LedgerArchive}: only a window of versions stays in memory.
 * {@link #committed(long) commit(V)} archives the entries of versions up to {@code V - window} (the
 * new horizon): appended and fsynced before they leave memory or, without an archive, dropped and
 * only counted. Rollbacks never reach below the committed version, which is at least the horizon
 * plus the window, so archived rows are never rolled back.
 */
final class LedgerWindow {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerWindow.class);

    private final Ledger ledger;
    private final LedgerArchive archive;
    private final long window;

    LedgerWindow(Ledger ledger, LedgerArchive archive, long window) {
        if (window < 1) {
            throw new IllegalArgumentException("ledger window must be >= 1, got " + window);
        }
        this.ledger = ledger;
        this.archive = archive;
        this.window = window;
    }

    /** After a commit of {@code v}: archives what left the window (a failure is retried later). */
    void committed(long v) {
        try {
            archiveUpTo(v - window, v);
        } catch (IOException e) {
            LOG.warn(
                    "cannot archive ledger rows up to version {} to {}; they stay in memory and"
                            + " the next commit tries again",
                    v - window,
                    archive,
                    e);
        }
    }

    /**
     * Moves the ledger's entries of versions up to {@code h} out of memory: appended (fsynced) to
     * the archive first, then dropped.
     */
    private void archiveUpTo(long h, long committed) throws IOException {
        if (h <= ledger.horizon()) {
            return;
        }
        if (h > committed) {
            throw new IllegalStateException(
                    "cannot archive ledger rows up to " + h + ": committed is " + committed);
        }
        archive.append(ledger.archiveRows(h));
        ledger.dropUpTo(h);
    }

    /**
     * Before a roll-forward adopts {@code loaded}, the ledger of checkpoint {@code dir}: rows up to
     * the larger of the two horizons must be in the archive exactly once. Ours is older: archive
     * our rows up to its horizon (versions up to the committed one are the same on every lineage).
     * Its is older: drop its rows that we archived already.
     */
    void reconcile(Ledger loaded, long committed, Path dir) throws IOException {
        long theirs = loaded.horizon();
        if (theirs > ledger.horizon()) {
            if (theirs > committed) {
                throw new IOException(
                        dir
                                + " has ledger horizon "
                                + theirs
                                + " above the committed version "
                                + committed);
            }
            archiveUpTo(theirs, committed);
        } else {
            loaded.dropUpTo(ledger.horizon());
        }
    }

    /**
     * After a restore: rows above the restored horizon were archived by a commit whose checkpoint
     * is not the one restored (they are in the restored window, or were never committed), so the
     * archive is cut back to the horizon.
     */
    void restored() throws IOException {
        archive.truncateTo(ledger);
    }

    /** The ledger as it is now, to be read later without holding the lock guarding the store. */
    LedgerView view() throws IOException {
        return new LedgerView(archive, archive.end(), ledger.horizon(), ledger.entries());
    }
}
