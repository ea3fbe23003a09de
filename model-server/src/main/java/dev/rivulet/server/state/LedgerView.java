package dev.rivulet.server.state;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * The ledger as it was when {@link PolicyStore#ledgerView()} took it, to be read later without
 * holding the lock that guards the store: a copy of the in-memory window, and of the append-only
 * archive only the rows up to the horizon of that moment within its end of that moment.
 */
public final class LedgerView {
    private final LedgerArchive archive;
    private final long archiveEnd;
    private final long horizon;
    private final List<LedgerRecord> window;

    LedgerView(LedgerArchive archive, long archiveEnd, long horizon, List<LedgerRecord> window) {
        this.archive = archive;
        this.archiveEnd = archiveEnd;
        this.horizon = horizon;
        this.window = window;
    }

    /** Every trained rollout of the view in training order: the archive's, then the window's. */
    public void forEach(Consumer<LedgerRecord> sink) throws IOException {
        archive.forEachRollout(horizon, archiveEnd, sink);
        window.forEach(sink);
    }
}
