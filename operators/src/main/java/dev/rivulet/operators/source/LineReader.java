package dev.rivulet.operators.source;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into {@link SourceLine}s at {@code \n}, dropping a {@code \r} before it, and
 * tracks the byte offset and line count after the last line returned, which is what a checkpoint
 * stores.
 *
 * <p>The last line of a stream needs no trailing newline; an empty tail after the final newline is
 * not a line. A line longer than {@code maxLineBytes} is returned with only its first {@link
 * #TRUNCATED_PREFIX_BYTES} bytes (or {@code maxLineBytes}, if smaller) and its true length, and the
 * rest is skipped without being buffered.
 */
final class LineReader implements Closeable {

    /** How many bytes a truncated line keeps. */
    static final int TRUNCATED_PREFIX_BYTES = 4096;

    private static final int BUFFER_BYTES = 64 * 1024;

    private final InputStream in;
    private final String source;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;
    private boolean eof;
    private long offset;
    private long linesRead;
    private byte[] line = new byte[256];

    /**
     * Reads lines of {@code source} from {@code in}, which is positioned at byte {@code offset},
     * after {@code linesRead} lines.
     */
    LineReader(InputStream in, String source, long offset, long linesRead, int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException(
                    "maxLineBytes must be positive, got " + maxLineBytes);
        }
        this.in = in;
        this.source = source;
        this.offset = offset;
        this.linesRead = linesRead;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line, or null at the end of the stream. */
    SourceLine next() throws IOException {
        long length = 0; // bytes of the line seen so far, terminator excluded
        int kept = 0; // bytes of the line copied into {@code line}
        long consumed = 0; // bytes consumed from the stream, terminator included
        byte last = 0; // the line's last byte so far
        boolean terminated = false;
        while (!terminated) {
            if (position == limit && !fill()) {
                break;
            }
            int start = position;
            int end = start;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            int chunk = end - start;
            if (kept < maxLineBytes) {
                int copy = (int) Math.min(chunk, (long) maxLineBytes - kept);
                ensureCapacity(kept + copy);
                System.arraycopy(buffer, start, line, kept, copy);
                kept += copy;
            }
            if (chunk > 0) {
                last = buffer[end - 1];
            }
            length += chunk;
            consumed += chunk;
            position = end;
            if (end < limit) {
                position++;
                consumed++;
                terminated = true;
            }
        }
        if (consumed == 0) {
            return null;
        }
        offset += consumed;
        linesRead++;
        // a CR before the newline (or at the very end) belongs to the terminator
        if (length > 0 && last == '\r') {
            length--;
            kept = (int) Math.min(kept, length);
        }
        if (length > maxLineBytes) {
            int prefix = Math.min(maxLineBytes, TRUNCATED_PREFIX_BYTES);
            return new SourceLine(source, linesRead, Arrays.copyOf(line, prefix), length);
        }
        return new SourceLine(source, linesRead, Arrays.copyOf(line, (int) length));
    }

    /** Byte offset just after the last line returned. */
    long offset() {
        return offset;
    }

    /** Lines returned so far, counting the {@code linesRead} the reader started after. */
    long linesRead() {
        return linesRead;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            eof = true;
            position = 0;
            limit = 0;
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private void ensureCapacity(int needed) {
        if (needed > line.length) {
            line = Arrays.copyOf(line, Math.max(needed, Math.min(line.length * 2, maxLineBytes)));
        }
    }
}
