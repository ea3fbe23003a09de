package dev.rivulet.server.state;

import dev.rivulet.server.io.DirWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where policy versions become durable: a {@link CheckpointDirectory}, or {@link #none()} for a
 * server without a checkpoint directory (versions live in memory only, nothing is written and
 * archived ledger rows are only counted).
 */
public interface Durability {

    /** The in-memory variant: nothing is durable. */
    static Durability none() {
        return NoDurability.INSTANCE;
    }

    /** A checkpoint directory at {@code root}, or {@link #none()} when {@code root} is null. */
    static Durability at(Path root) {
        return root == null ? none() : new CheckpointDirectory(root);
    }

    /**
     * Phase one of a commit: makes version {@code v} durable without changing what a restart
     * restores; a version that is durable already is left as it is ({@code content} is then not
     * asked for).
     *
     * @return the durable checkpoint of {@code v}, or empty when nothing is durable
     */
    Optional<Path> prepare(long v, Supplier<DirWriter> content) throws IOException;

    /**
     * Phase two: makes the durable checkpoint of {@code v} (prepared first if needed) the one a
     * restart restores, and deletes older ones.
     *
     * @return the committed checkpoint, or empty when nothing is durable
     */
    Optional<Path> publishCommitted(long v, Supplier<DirWriter> content) throws IOException;

    /** Durable checkpoints by version (empty when nothing is durable). */
    NavigableMap<Long, Path> versions() throws IOException;

    /** Deletes the durable checkpoints of versions after {@code v} (a forgotten lineage). */
    void dropAfter(long v) throws IOException;

    /** The checkpoint a restart restores, if there is one. */
    Optional<Path> latest() throws IOException;

    /**
     * Writes an extra checkpoint of version {@code v} on request (the {@code checkpoint} action),
     * apart from the commit checkpoints.
     *
     * @return the checkpoint directory written
     * @throws UnsupportedOperationException when nothing is durable
     */
    Path snapshot(long v, DirWriter content) throws IOException;

    /** Where ledger rows that leave the in-memory window go. */
    LedgerArchive ledgerArchive();

    /**
     * Keeps the durable checkpoint of {@code v} when later commits delete older ones (a Flink
     * savepoint references it): it can be rewound to until the retention policy lets it go (the
     * newest {@code retained-checkpoints} are kept) or a rewind to an older version abandons it.
     *
     * @throws IllegalArgumentException when {@code v} has no durable checkpoint
     * @throws UnsupportedOperationException when nothing is durable
     */
    default void retain(long v) throws IOException {
        throw new UnsupportedOperationException(
                "this server has no checkpoint directory (start it with --checkpoint-dir)");
    }

    /** The retained versions, oldest first (empty when nothing is durable). */
    default java.util.NavigableSet<Long> retained() throws IOException {
        return java.util.Collections.emptyNavigableSet();
    }
}
