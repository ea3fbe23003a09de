package dev.rivulet.server.state;

import dev.rivulet.server.io.DirWriter;
import java.nio.file.Path;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/** {@link Durability#none()}: versions live in memory only. */
final class NoDurability implements Durability {

    static final NoDurability INSTANCE = new NoDurability();

    private NoDurability() {}

    @Override
    public Optional<Path> prepare(long v, Supplier<DirWriter> content) {
        return Optional.empty();
    }

    @Override
    public Optional<Path> publishCommitted(long v, Supplier<DirWriter> content) {
        return Optional.empty();
    }

    @Override
    public NavigableMap<Long, Path> versions() {
        return Collections.unmodifiableNavigableMap(new TreeMap<>());
    }

    @Override
    public void dropAfter(long v) {}

    @Override
    public Optional<Path> latest() {
        return Optional.empty();
    }

    @Override
    public Path snapshot(long v, DirWriter content) {
        throw new UnsupportedOperationException(
                "this server has no checkpoint directory (start it with --checkpoint-dir)");
    }

    @Override
    public LedgerArchive ledgerArchive() {
        return LedgerArchive.none();
    }

    @Override
    public String toString() {
        return "no checkpoint directory";
    }
}
