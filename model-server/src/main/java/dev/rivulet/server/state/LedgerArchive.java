package dev.rivulet.server.state;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where the ledger rows that leave the in-memory window go: {@link LedgerArchiveFile} in a
 * checkpoint root, or {@link #none()}, which keeps nothing (the ledger only counts them).
 */
interface LedgerArchive {

    /** Keeps nothing: appends are dropped and nothing is ever read back. */
    static LedgerArchive none() {
        return NoArchive.INSTANCE;
    }

    /** Makes rows durable (in the {@code ledger.tsv} line format) before they leave memory. */
    void append(List<String> lines) throws IOException;

    /**
     * A mark of where the archive ends now, to read it later as it is now with {@link
     * #forEachRollout}: opaque (for {@link LedgerArchiveFile} a segment number and a byte offset in
     * it), 0 for an empty archive.
     */
    long end() throws IOException;

    /**
     * Streams the rollout rows of versions up to {@code horizon} within the archive as it was when
     * {@link #end()} returned {@code end}, in order.
     */
    void forEachRollout(long horizon, long end, Consumer<LedgerRecord> sink) throws IOException;

    /**
     * After a restore: cuts the rows above the restored ledger's horizon and sets its archived
     * count.
     */
    void truncateTo(Ledger ledger) throws IOException;

    /** {@link #none()}. */
    enum NoArchive implements LedgerArchive {
        INSTANCE;

        @Override
        public void append(List<String> lines) {}

        @Override
        public long end() {
            return 0;
        }

        @Override
        public void forEachRollout(long horizon, long end, Consumer<LedgerRecord> sink) {}

        @Override
        public void truncateTo(Ledger ledger) {}

        @Override
        public String toString() {
            return "no ledger archive";
        }
    }
}
