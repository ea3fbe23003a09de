package dev.rivulet.server.state;

import dev.rivulet.server.io.AtomicFiles;
import dev.rivulet.server.io.DirWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The one owner of a checkpoint root's layout: checkpoint directories named {@code ckpt-<v>}
 * (twelve digits; written by {@link #prepare}) or {@code ckpt-<v>-<nanos>} (written by {@link
 * #checkpoint}), the file {@code LATEST} naming the one a restart restores, pruning of older
 * checkpoints, temporaries ({@code .tmp-*}) left by interrupted writes, the ledger archive, and the
 * sub-directory {@code snapshots} that {@link #snapshot} writes to. What a checkpoint directory
 * holds is {@link CheckpointFormat}'s; every write is atomic.
 */
public final class CheckpointDirectory implements Durability {

    /** File in a checkpoint root naming the newest complete checkpoint directory. */
    public static final String LATEST = "LATEST";

    /** Sub-directory that the {@code checkpoint} action ({@link #snapshot}) writes to. */
    public static final String SNAPSHOTS = "snapshots";

    private static final Pattern CKPT_NAME = Pattern.compile("ckpt-(\\d{12})(-\\d+)?");
    private static final String TEMPORARY = ".tmp-";
    private static final int KEEP_CHECKPOINTS = 2;

    /** File in a checkpoint root listing the retained versions, one per line. */
    public static final String RETAINED = "RETAINED";

    /**
     * Retained checkpoints kept by default: the newest four (each is a full copy of weights and
     * optimizer state: about 7 GB for a 0.6B-parameter model in float32 with AdamW).
     */
    public static final int DEFAULT_RETAINED = 4;

    private final Path root;
    private final int maxRetained;
    private final long archiveSegmentBytes;

    /** The checkpoint root {@code root} (created on the first write). */
    public CheckpointDirectory(Path root) {
        this(root, DEFAULT_RETAINED);
    }

    /**
     * The checkpoint root {@code root}, keeping at most {@code maxRetained} retained checkpoints
     * (the newest ones).
     */
    public CheckpointDirectory(Path root, int maxRetained) {
        this(root, maxRetained, LedgerArchiveFile.DEFAULT_SEGMENT_BYTES);
    }

    /** As above, the ledger archive starting a new segment every {@code archiveSegmentBytes}. */
    CheckpointDirectory(Path root, int maxRetained, long archiveSegmentBytes) {
        if (maxRetained < 0) {
            throw new IllegalArgumentException(
                    "retained checkpoints must be >= 0, got " + maxRetained);
        }
        this.root = root;
        this.maxRetained = maxRetained;
        this.archiveSegmentBytes = archiveSegmentBytes;
    }

    /** The checkpoint root. */
    public Path root() {
        return root;
    }

    @Override
    public Optional<Path> prepare(long v, Supplier<DirWriter> content) throws IOException {
        Path existing = versions().get(v);
        if (existing != null) {
            return Optional.of(existing);
        }
        Path dir = root.resolve(String.format("ckpt-%012d", v));
        Files.createDirectories(root);
        AtomicFiles.publishDirectory(dir, content.get());
        return Optional.of(dir);
    }

    /**
     * Prepares {@code v} if needed, points {@code LATEST} at it, then deletes the durable
     * checkpoints of older versions and temporaries.
     */
    @Override
    public Optional<Path> publishCommitted(long v, Supplier<DirWriter> content) throws IOException {
        Path dir = prepare(v, content).orElseThrow();
        AtomicFiles.writeString(root.resolve(LATEST), dir.getFileName() + "\n");
        NavigableSet<Long> keep = retained();
        for (Map.Entry<Long, Path> e : versions().headMap(v, false).entrySet()) {
            if (!keep.contains(e.getKey())) {
                AtomicFiles.deleteRecursively(e.getValue());
            }
        }
        deleteTemporaries();
        return Optional.of(dir);
    }

    /**
     * Adds {@code v} to the retained versions; beyond the newest {@code maxRetained} the oldest
     * leave the list, and their checkpoints are deleted when they are below {@code LATEST}'s
     * version (a commit would have deleted them).
     */
    @Override
    public void retain(long v) throws IOException {
        if (!versions().containsKey(v)) {
            throw new IllegalArgumentException(
                    "cannot retain version "
                            + v
                            + ": it has no durable checkpoint (durable versions "
                            + versions().keySet()
                            + ")");
        }
        TreeSet<Long> kept = new TreeSet<>(retained());
        kept.add(v);
        while (kept.size() > maxRetained) {
            kept.pollFirst();
        }
        writeRetained(kept);
        Optional<Long> latest = latestVersion();
        for (Map.Entry<Long, Path> e : versions().entrySet()) {
            boolean old = latest.isPresent() && e.getKey() < latest.get();
            if (old && !kept.contains(e.getKey())) {
                AtomicFiles.deleteRecursively(e.getValue());
            }
        }
    }

    @Override
    public NavigableSet<Long> retained() throws IOException {
        Path file = root.resolve(RETAINED);
        TreeSet<Long> out = new TreeSet<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(Long.parseLong(line.trim()));
                }
            }
        }
        return Collections.unmodifiableNavigableSet(out);
    }

    private void writeRetained(NavigableSet<Long> versions) throws IOException {
        StringBuilder b = new StringBuilder();
        versions.forEach(x -> b.append(x).append('\n'));
        Files.createDirectories(root);
        AtomicFiles.writeString(root.resolve(RETAINED), b.toString());
    }

    /** The version of the checkpoint {@code LATEST} names, if any. */
    private Optional<Long> latestVersion() throws IOException {
        Optional<Path> latest = latest();
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = CKPT_NAME.matcher(latest.get().getFileName().toString());
        return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    /**
     * Checkpoint directories by version ({@code ckpt-<v>} and {@code ckpt-<v>-<nanos>}; for a
     * version with several, the newest name).
     */
    @Override
    public NavigableMap<Long, Path> versions() throws IOException {
        NavigableMap<Long, Path> out = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        for (Path d : list(CKPT_NAME.asMatchPredicate())) {
            if (Files.isDirectory(d)) {
                Matcher m = CKPT_NAME.matcher(d.getFileName().toString());
                if (m.matches()) {
                    out.put(Long.parseLong(m.group(1)), d);
                }
            }
        }
        return out;
    }

    @Override
    public void dropAfter(long v) throws IOException {
        NavigableSet<Long> kept = retained();
        if (!kept.tailSet(v, false).isEmpty()) {
            writeRetained(kept.headSet(v, true));
        }
        for (Path dir : versions().tailMap(v, false).values()) {
            AtomicFiles.deleteRecursively(dir);
        }
    }

    @Override
    public Optional<Path> latest() throws IOException {
        Path latest = root.resolve(LATEST);
        if (!Files.exists(latest)) {
            return Optional.empty();
        }
        return Optional.of(root.resolve(Files.readString(latest, StandardCharsets.UTF_8).trim()));
    }

    /** Writes a checkpoint of {@code v} into {@code <root>/snapshots} ({@link #checkpoint}). */
    @Override
    public Path snapshot(long v, DirWriter content) throws IOException {
        return new CheckpointDirectory(root.resolve(SNAPSHOTS)).checkpoint(v, content);
    }

    /**
     * Writes version {@code v} to a new directory {@code ckpt-<v>-<nanos>} and points {@code
     * LATEST} at it, each step atomic; keeps the newest two checkpoint directories and deletes
     * temporaries of interrupted writes.
     *
     * @return the checkpoint directory
     */
    public Path checkpoint(long v, DirWriter content) throws IOException {
        String name = String.format("ckpt-%012d-%d", v, System.nanoTime());
        Path dir = root.resolve(name);
        Files.createDirectories(root);
        AtomicFiles.publishDirectory(dir, content);
        AtomicFiles.writeString(root.resolve(LATEST), name + "\n");
        List<Path> dirs = list(n -> n.startsWith("ckpt-"));
        for (int i = 0; i < dirs.size() - KEEP_CHECKPOINTS; i++) {
            if (!dirs.get(i).getFileName().toString().equals(name)) {
                AtomicFiles.deleteRecursively(dirs.get(i));
            }
        }
        deleteTemporaries(); // left by a write that was killed
        return dir;
    }

    /** The ledger archive file in this root. */
    @Override
    public LedgerArchive ledgerArchive() {
        return new LedgerArchiveFile(root, archiveSegmentBytes);
    }

    private void deleteTemporaries() throws IOException {
        for (Path p : list(n -> n.startsWith(TEMPORARY))) {
            AtomicFiles.deleteRecursively(p);
        }
    }

    /** Entries of the root whose names pass {@code names}, sorted by name. */
    private List<Path> list(Predicate<String> names) throws IOException {
        try (Stream<Path> list = Files.list(root)) {
            return list.filter(p -> names.test(p.getFileName().toString())).sorted().toList();
        }
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
