package dev.rivulet.operators.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.InputStatus;

/**
 * Reads its assigned JSONL files one after the other, line by line, and checkpoints the byte offset
 * and line count of the file it is in, so a restore resumes at the next unread line.
 *
 * <p>It asks the enumerator for one file at a time (at start and whenever it has finished its
 * files), and reads at most {@link #LINES_PER_POLL} lines per {@link #pollNext} so checkpoints are
 * not held up by a large file.
 */
final class JsonlFileReader implements SourceReader<SourceLine, JsonlFileSplit> {

    static final int LINES_PER_POLL = 256;

    private final SourceReaderContext context;
    private final int maxLineBytes;
    private final ArrayDeque<JsonlFileSplit> queued = new ArrayDeque<>();
    private JsonlFileSplit current;
    private LineReader lines;
    private boolean awaitingSplit;
    private boolean noMoreSplits;
    private CompletableFuture<Void> available = new CompletableFuture<>();

    JsonlFileReader(SourceReaderContext context, int maxLineBytes) {
        this.context = context;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public void start() {
        if (queued.isEmpty()) {
            requestSplit();
        }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<SourceLine> output) throws IOException {
        if (lines == null && !openNext()) {
            if (noMoreSplits) {
                return InputStatus.END_OF_INPUT;
            }
            requestSplit();
            if (available.isDone()) {
                available = new CompletableFuture<>();
            }
            return InputStatus.NOTHING_AVAILABLE;
        }
        for (int i = 0; i < LINES_PER_POLL; i++) {
            SourceLine line = lines.next();
            if (line == null) {
                finishCurrent();
                return InputStatus.MORE_AVAILABLE;
            }
            output.collect(line);
        }
        return InputStatus.MORE_AVAILABLE;
    }

    @Override
    public List<JsonlFileSplit> snapshotState(long checkpointId) {
        List<JsonlFileSplit> state = new ArrayList<>(queued.size() + 1);
        if (current != null) {
            state.add(position());
        }
        state.addAll(queued);
        return state;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void addSplits(List<JsonlFileSplit> splits) {
        queued.addAll(splits);
        awaitingSplit = false;
        available.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public void close() throws IOException {
        if (lines != null) {
            lines.close();
            lines = null;
        }
    }

    private JsonlFileSplit position() {
        return lines == null
                ? current
                : new JsonlFileSplit(current.path(), lines.offset(), lines.linesRead());
    }

    private boolean openNext() throws IOException {
        JsonlFileSplit next = queued.poll();
        if (next == null) {
            return false;
        }
        Path path = new Path(next.path());
        FSDataInputStream in = path.getFileSystem().open(path);
        try {
            in.seek(next.offset());
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        current = next;
        lines = new LineReader(in, next.path(), next.offset(), next.linesRead(), maxLineBytes);
        return true;
    }

    private void finishCurrent() {
        try {
            lines.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing " + current.path(), e);
        }
        lines = null;
        current = null;
    }

    private void requestSplit() {
        if (!awaitingSplit && !noMoreSplits) {
            awaitingSplit = true;
            context.sendSplitRequest();
        }
    }
}
