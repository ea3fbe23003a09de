package dev.rivulet.server.state;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
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
 * The append-only file {@code ledger-archive.tsv} in a checkpoint root: the ledger rows that left
 * the in-memory window, in version order (each batch line followed by its rollouts' lines, the
 * {@code ledger.tsv} format). Rows are appended and fsynced before they leave memory; a restore
 * truncates the rows above the restored checkpoint's horizon (written by a commit whose next
 * checkpoint never became the committed one), so a crash between an append and a commit can neither
 * lose nor duplicate a row.
 */
final class LedgerArchiveFile implements LedgerArchive {

    /** File name in the checkpoint root. */
    static final String FILE = "ledger-archive.tsv";

    private static final Logger LOG = LoggerFactory.getLogger(LedgerArchiveFile.class);

    private final Path file;

    LedgerArchiveFile(Path root) {
        this.file = root.resolve(FILE);
    }

    /** Appends lines and fsyncs; on failure cuts the file back to its previous length. */
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
        Files.createDirectories(file.getParent());
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
    }

    /**
     * Cuts the rows above the ledger's horizon (see {@link #truncateAbove}) and sets the ledger's
     * archived count to the rollout rows kept, warning when the file ends below the horizon.
     */
    @Override
    public void truncateTo(Ledger ledger) throws IOException {
        Kept kept = truncateAbove(ledger.horizon());
        ledger.setArchivedRollouts(kept.rollouts());
        if (kept.lastVersion() != ledger.horizon()) {
            LOG.warn(
                    "ledger archive {} ends at version {} but the checkpoint's horizon is {}:"
                            + " the ledger history is incomplete",
                    file,
                    kept.lastVersion(),
                    ledger.horizon());
        }
    }

    /**
     * Cuts off every row of a version above {@code horizon} (and a torn last line) and fsyncs.
     *
     * @return the number of rollout rows kept, and the last kept version (0 if none)
     */
    private Kept truncateAbove(long horizon) throws IOException {
        if (!Files.exists(file)) {
            return new Kept(0, 0);
        }
        long keepBytes = 0;
        long rollouts = 0;
        long last = 0;
        try (InputStream in = Files.newInputStream(file)) {
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
                    String s = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    long v = Ledger.lineVersion(s);
                    if (v > horizon) {
                        break outer;
                    }
                    if (Ledger.parseRollout(s) != null) {
                        rollouts++;
                    }
                    last = v;
                    keepBytes = pos;
                }
            }
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (ch.size() > keepBytes) {
                ch.truncate(keepBytes);
                ch.force(true);
            }
        }
        return new Kept(rollouts, last);
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

    /** The file's length in bytes (0 when there is none yet). */
    @Override
    public long length() throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    /**
     * Streams the rollout rows of versions up to {@code horizon} within the first {@code maxBytes}
     * of the file, in order: with the length taken when the horizon was, rows appended since (and a
     * line being appended now) are never read.
     */
    @Override
    public void forEachRollout(long horizon, long maxBytes, Consumer<LedgerRecord> sink)
            throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                BufferedReader r =
                        new BufferedReader(
                                new InputStreamReader(
                                        limited(Channels.newInputStream(ch), maxBytes),
                                        StandardCharsets.UTF_8),
                                1 << 16)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                if (Ledger.lineVersion(line) > horizon) {
                    break;
                }
                LedgerRecord e = Ledger.parseRollout(line);
                if (e != null) {
                    sink.accept(e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
