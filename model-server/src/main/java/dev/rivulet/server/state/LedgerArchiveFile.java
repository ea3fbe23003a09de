package dev.rivulet.server.state;

import dev.rivulet.server.io.AtomicFiles;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger rows that left the in-memory window, in a checkpoint root, in version order (each
 * batch line followed by its rollouts' lines, the {@code ledger.tsv} format), as segments ({@link
 * ArchiveSegments}): rows are appended to the open segment {@code ledger-archive.tsv} and fsynced
 * before they leave memory; once it holds {@code segmentBytes} or more, the next append first seals
 * it (renamed to {@code ledger-archive-<n>.tsv}, then gzip-compressed to {@code .tsv.gz}) and
 * starts a new one, so the archive on disk is compressed but for its last segment. A restore
 * truncates the rows above the restored checkpoint's horizon (written by a commit whose next
 * checkpoint never became the committed one), across segments, so a crash between an append and a
 * commit can neither lose nor duplicate a row.
 */
final class LedgerArchiveFile implements LedgerArchive {

    /** The open segment's name in the checkpoint root (the whole archive before segments). */
    static final String FILE = ArchiveSegments.OPEN;

    /** A new segment starts once the open one holds this many bytes: 64 MiB. */
    static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

    /** Bits of an {@link #end() end mark} that hold the offset within its segment. */
    private static final int OFFSET_BITS = 40;

    private static final Logger LOG = LoggerFactory.getLogger(LedgerArchiveFile.class);

    private final ArchiveSegments segments;
    private final long segmentBytes;

    LedgerArchiveFile(Path root) {
        this(root, DEFAULT_SEGMENT_BYTES);
    }

    LedgerArchiveFile(Path root, long segmentBytes) {
        if (segmentBytes < 1 || segmentBytes >= 1L << OFFSET_BITS) {
            throw new IllegalArgumentException(
                    "ledger archive segment bytes must be in [1, 2^40), got " + segmentBytes);
        }
        this.segments = new ArchiveSegments(root);
        this.segmentBytes = segmentBytes;
    }

    /**
     * Appends lines to the open segment and fsyncs (first sealing it when it is full); on failure
     * cuts the segment back to its previous length.
     */
    @Override
    public void append(List<String> lines) throws IOException {
        if (lines.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(segments.root());
        segments.recover();
        Path file = segments.open();
        if (Files.exists(file) && Files.size(file) >= segmentBytes) {
            long n = segments.lastSealed() + 1;
            segments.seal(n);
            LOG.info("ledger archive: sealed and compressed segment {} in {}", n, segments.root());
        }
        boolean created = !Files.exists(file);
        try (FileChannel ch =
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
            long before = ch.size();
            try {
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                ch.force(true);
            } catch (IOException e) {
                try {
                    ch.truncate(before);
                    ch.force(true);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
        if (created) {
            AtomicFiles.fsync(segments.root(), true);
        }
    }

    /**
     * Cuts the rows above the ledger's horizon (see {@link #truncateAbove}) and sets the ledger's
     * archived count to the rollout rows kept, warning when the archive ends below the horizon.
     */
    @Override
    public void truncateTo(Ledger ledger) throws IOException {
        segments.recover();
        Kept kept = truncateAbove(ledger.horizon());
        ledger.setArchivedRollouts(kept.rollouts());
        if (kept.lastVersion() != ledger.horizon()) {
            LOG.warn(
                    "ledger archive {} ends at version {} but the checkpoint's horizon is {}:"
                            + " the ledger history is incomplete",
                    segments.root(),
                    kept.lastVersion(),
                    ledger.horizon());
        }
    }

    /**
     * Cuts off every row of a version above {@code horizon} (and a torn last line), in whichever
     * segment it starts: the later segments are deleted, newest first, then that one is cut (the
     * open one in place, a sealed one rewritten and renamed over itself), each step fsynced. A
     * crash part way leaves a prefix of the archive that still holds the rows to cut; the next
     * restore cuts them.
     *
     * @return the number of rollout rows kept, and the last kept version (0 if none)
     */
    private Kept truncateAbove(long horizon) throws IOException {
        long openNumber = segments.lastSealed() + 1;
        long rollouts = 0;
        long last = 0;
        for (long n = 1; n <= openNumber; n++) {
            Scan scan;
            try (InputStream in = segments.read(n)) {
                if (in == null) {
                    break;
                }
                scan = scan(in, horizon);
            }
            rollouts += scan.rollouts;
            if (scan.lastVersion > 0) {
                last = scan.lastVersion;
            }
            if (scan.cut) {
                cut(n, openNumber, scan.keepBytes);
                break;
            }
        }
        return new Kept(rollouts, last);
    }

    /** Deletes the segments after {@code n} (newest first), then cuts {@code n} to its prefix. */
    private void cut(long n, long openNumber, long keepBytes) throws IOException {
        if (n < openNumber && Files.deleteIfExists(segments.open())) {
            AtomicFiles.fsync(segments.root(), true);
        }
        for (long m = openNumber - 1; m > n; m--) {
            segments.delete(m);
        }
        if (n == openNumber) {
            try (FileChannel ch = FileChannel.open(segments.open(), StandardOpenOption.WRITE)) {
                if (ch.size() > keepBytes) {
                    ch.truncate(keepBytes);
                    ch.force(true);
                }
            }
        } else if (keepBytes == 0) {
            segments.delete(n);
        } else {
            segments.cutCompressed(n, keepBytes);
        }
        LOG.info(
                "ledger archive {}: cut segment {} to {} bytes and deleted {} later ones",
                segments.root(),
                n,
                keepBytes,
                openNumber - n);
    }

    /** One segment's lines up to the horizon: rollouts, last version, bytes to keep. */
    private static final class Scan {
        long rollouts;
        long lastVersion;
        long keepBytes;

        /** Whether the segment holds a row above the horizon or a torn last line. */
        boolean cut;
    }

    private static Scan scan(InputStream in, long horizon) throws IOException {
        Scan s = new Scan();
        byte[] buf = new byte[1 << 16];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long pos = 0;
        int n;
        outer:
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                pos++;
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                String str = line.toString(StandardCharsets.UTF_8);
                line.reset();
                long v = Ledger.lineVersion(str);
                if (v > horizon) {
                    s.cut = true;
                    break outer;
                }
                if (Ledger.parseRollout(str) != null) {
                    s.rollouts++;
                }
                s.lastVersion = v;
                s.keepBytes = pos;
            }
        }
        if (!s.cut && line.size() > 0) {
            s.cut = true; // a torn last line
        }
        return s;
    }

    private static InputStream limited(InputStream in, long maxBytes) {
        return new FilterInputStream(in) {
            private long left = maxBytes;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(buf, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        };
    }

    /** Rollout rows kept by {@link #truncateAbove} and the last kept version. */
    private record Kept(long rollouts, long lastVersion) {}

    /**
     * Where the archive ends now, to read it later as it is now: the open segment's number and
     * length (number × 2^40 + bytes; 0 when there is no archive). Sealing and compressing keep a
     * segment's number and content, so a mark stays valid while the archive grows.
     */
    @Override
    public long end() throws IOException {
        long open = segments.lastSealed() + 1;
        Path file = segments.open();
        long bytes = Files.exists(file) ? Files.size(file) : 0;
        if (open == 1 && bytes == 0) {
            return 0;
        }
        return (open << OFFSET_BITS) | bytes;
    }

    /**
     * Streams the rollout rows of versions up to {@code horizon} within the archive as it was at
     * the {@link #end() end mark} {@code end}, in order: every segment before the mark's, then its
     * first bytes. Rows appended since (and a line being appended now) are never read.
     */
    @Override
    public void forEachRollout(long horizon, long end, Consumer<LedgerRecord> sink)
            throws IOException {
        long endSegment = end >>> OFFSET_BITS;
        long endBytes = end & ((1L << OFFSET_BITS) - 1);
        for (long n = 1; n <= endSegment; n++) {
            InputStream raw = segments.read(n);
            if (raw == null) {
                return; // cut by a restore since the mark
            }
            try (BufferedReader r =
                    new BufferedReader(
                            new InputStreamReader(
                                    n == endSegment ? limited(raw, endBytes) : raw,
                                    StandardCharsets.UTF_8),
                            1 << 16)) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isEmpty()) {
                        continue;
                    }
                    if (Ledger.lineVersion(line) > horizon) {
                        return;
                    }
                    LedgerRecord e = Ledger.parseRollout(line);
                    if (e != null) {
                        sink.accept(e);
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return segments.root().resolve(FILE).toString();
    }
}
