package dev.rivulet.server.state;

import dev.rivulet.server.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The files of a segmented ledger archive in a checkpoint root: sealed segments {@code
 * ledger-archive-<n>.tsv.gz} ({@code n} = 1, 2, … in order, nine digits; {@code .tsv} for a moment
 * between sealing and compression) and the open segment {@code ledger-archive.tsv}, which comes
 * after them (number highest sealed + 1). An archive written before segments existed is an open
 * segment with no sealed one. Every change is an atomic rename or a cut of the open segment, each
 * followed by an fsync of the file and of the directory.
 */
final class ArchiveSegments {

    /** The open segment's file name. */
    static final String OPEN = "ledger-archive.tsv";

    /** Name prefix of the files that a compression or a cut writes before renaming them. */
    static final String PARTIAL = ".ledger-archive-";

    private static final Pattern SEALED = Pattern.compile("ledger-archive-(\\d{9})\\.tsv(\\.gz)?");

    private final Path root;

    ArchiveSegments(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path open() {
        return root.resolve(OPEN);
    }

    /** Sealed segment {@code n}, compressed. */
    Path gz(long n) {
        return root.resolve(String.format("ledger-archive-%09d.tsv.gz", n));
    }

    /** Sealed segment {@code n} before its compression. */
    Path plain(long n) {
        return root.resolve(String.format("ledger-archive-%09d.tsv", n));
    }

    /**
     * The sealed segments' numbers → whether each is compressed (a number with both files counts as
     * compressed: the {@code .tsv} is a leftover of a compression that was interrupted).
     */
    TreeMap<Long, Boolean> sealed() throws IOException {
        TreeMap<Long, Boolean> out = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> list = Files.list(root)) {
            list.forEach(
                    p -> {
                        Matcher m = SEALED.matcher(p.getFileName().toString());
                        if (m.matches()) {
                            out.merge(
                                    Long.parseLong(m.group(1)),
                                    m.group(2) != null,
                                    Boolean::logicalOr);
                        }
                    });
        }
        return out;
    }

    /** The highest sealed segment's number (0 if none): the open segment's is one more. */
    long lastSealed() throws IOException {
        TreeMap<Long, Boolean> s = sealed();
        return s.isEmpty() ? 0 : s.lastKey();
    }

    /**
     * Finishes what an interrupted write left: deletes partial files and the {@code .tsv} of a
     * segment that is compressed already, and compresses sealed segments that are not yet.
     */
    void recover() throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> list = Files.list(root)) {
            for (Path p :
                    list.filter(p -> p.getFileName().toString().startsWith(PARTIAL)).toList()) {
                Files.deleteIfExists(p);
            }
        }
        for (var e : sealed().entrySet()) {
            if (e.getValue()) {
                if (Files.deleteIfExists(plain(e.getKey()))) {
                    AtomicFiles.fsync(root, true);
                }
            } else {
                compress(e.getKey());
            }
        }
    }

    /** Seals the open segment as number {@code n} (an atomic rename), then compresses it. */
    void seal(long n) throws IOException {
        Files.move(open(), plain(n), StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.fsync(root, true);
        compress(n);
    }

    /**
     * Compresses sealed segment {@code n}: gzip to a partial file, fsync, rename over the {@code
     * .tsv.gz} name, then delete the {@code .tsv}.
     */
    void compress(long n) throws IOException {
        Path tmp = root.resolve(PARTIAL + n + ".gz");
        try (InputStream in = Files.newInputStream(plain(n))) {
            writeGz(tmp, in, Long.MAX_VALUE);
        }
        Files.move(tmp, gz(n), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        AtomicFiles.fsync(root, true);
        Files.delete(plain(n));
        AtomicFiles.fsync(root, true);
    }

    /**
     * Replaces compressed segment {@code n} by its first {@code keepBytes} (uncompressed) bytes:
     * written to a partial file, fsynced, renamed over it.
     */
    void cutCompressed(long n, long keepBytes) throws IOException {
        Path tmp = root.resolve(PARTIAL + n + ".cut.gz");
        try (InputStream in = read(n)) {
            writeGz(tmp, in, keepBytes);
        }
        Files.move(tmp, gz(n), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        AtomicFiles.fsync(root, true);
    }

    /** Deletes sealed segment {@code n} (both its names). */
    void delete(long n) throws IOException {
        Files.deleteIfExists(gz(n));
        Files.deleteIfExists(plain(n));
        AtomicFiles.fsync(root, true);
    }

    /**
     * Segment {@code n}'s uncompressed bytes: the sealed segment (compressed or not yet), or, when
     * {@code n} is one above the last sealed, the open one; null when there is no such segment. An
     * open segment sealed while it was being opened is read as the sealed segment it became.
     */
    InputStream read(long n) throws IOException {
        InputStream in = readSealed(n);
        if (in != null) {
            return in;
        }
        InputStream open;
        try {
            open = Files.newInputStream(open());
        } catch (NoSuchFileException e) {
            open = null;
        }
        // sealed since the check above? then the file opened may be the next open segment
        InputStream sealedNow = readSealed(n);
        if (sealedNow != null) {
            if (open != null) {
                open.close();
            }
            return sealedNow;
        }
        return open != null && lastSealed() == n - 1 ? open : closeAndNull(open);
    }

    private static InputStream closeAndNull(InputStream in) throws IOException {
        if (in != null) {
            in.close();
        }
        return null;
    }

    private InputStream readSealed(long n) throws IOException {
        try {
            return new GZIPInputStream(Files.newInputStream(gz(n)), 1 << 16);
        } catch (NoSuchFileException e) {
            // not compressed yet, or just compressed and its .tsv deleted: try the other name
        }
        try {
            return Files.newInputStream(plain(n));
        } catch (NoSuchFileException e) {
            try {
                return new GZIPInputStream(Files.newInputStream(gz(n)), 1 << 16);
            } catch (NoSuchFileException none) {
                return null;
            }
        }
    }

    private static void writeGz(Path target, InputStream in, long maxBytes) throws IOException {
        try (FileChannel ch =
                FileChannel.open(
                        target,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
            OutputStream raw = Channels.newOutputStream(ch);
            GZIPOutputStream gz =
                    new GZIPOutputStream(raw, 1 << 16) {
                        {
                            def.setLevel(Deflater.BEST_SPEED);
                        }
                    };
            byte[] buf = new byte[1 << 16];
            long left = maxBytes;
            int n;
            while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                gz.write(buf, 0, n);
                left -= n;
            }
            gz.finish();
            gz.flush();
            ch.force(true);
            gz.close(); // ends the deflater; closes the channel too
        }
    }
}
