package dev.rivulet.operators.source;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the JSONL files of a {@link JsonlFileSource} (once, or every watch interval through {@link
 * SplitEnumeratorContext#callAsync}) and hands them, one per request, to the readers that ask.
 *
 * <p>A file is one split. Every path found is remembered in the checkpointed state, so a watched
 * directory yields each file once, also across restores. Without watching (and without {@code
 * idleAtEnd}), readers that ask after all files are handed out are told there are no more splits;
 * with {@code idleAtEnd} they are never told, so the source stays open.
 */
final class JsonlFileEnumerator implements SplitEnumerator<JsonlFileSplit, JsonlEnumeratorState> {

    private static final Logger LOG = LoggerFactory.getLogger(JsonlFileEnumerator.class);

    private final SplitEnumeratorContext<JsonlFileSplit> context;
    private final String input;
    private final long watchIntervalMillis;
    private final boolean idleAtEnd;
    private final ArrayDeque<JsonlFileSplit> pending;
    private final Set<String> seen;
    private final Set<Integer> waiting = new LinkedHashSet<>();
    private boolean listed;

    JsonlFileEnumerator(
            SplitEnumeratorContext<JsonlFileSplit> context,
            String input,
            long watchIntervalMillis,
            boolean idleAtEnd,
            JsonlEnumeratorState state) {
        this.context = context;
        this.input = input;
        this.watchIntervalMillis = watchIntervalMillis;
        this.idleAtEnd = idleAtEnd;
        this.pending = new ArrayDeque<>(state.pending());
        this.seen = new LinkedHashSet<>(state.seen());
    }

    @Override
    public void start() {
        if (watchIntervalMillis > 0) {
            context.callAsync(() -> list(input), this::found, 0, watchIntervalMillis);
        } else {
            context.callAsync(() -> list(input), this::found);
        }
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        waiting.add(subtaskId);
        assignPending();
    }

    @Override
    public void addSplitsBack(List<JsonlFileSplit> splits, int subtaskId) {
        for (int i = splits.size() - 1; i >= 0; i--) {
            pending.addFirst(splits.get(i));
        }
        assignPending();
    }

    @Override
    public void addReader(int subtaskId) {}

    @Override
    public JsonlEnumeratorState snapshotState(long checkpointId) {
        return new JsonlEnumeratorState(new ArrayList<>(pending), new ArrayList<>(seen));
    }

    @Override
    public void close() {}

    /** The JSONL files of {@code input}: the file itself, or a directory's files sorted by name. */
    static List<String> list(String input) throws IOException {
        Path path = new Path(input);
        FileSystem fs = path.getFileSystem();
        FileStatus status;
        try {
            status = fs.getFileStatus(path);
        } catch (IOException e) {
            throw new IOException("JSONL input " + input + " does not exist or is unreadable", e);
        }
        if (!status.isDir()) {
            return List.of(path.toString());
        }
        FileStatus[] children = fs.listStatus(path);
        if (children == null) {
            throw new IOException("cannot list the JSONL directory " + input);
        }
        return Arrays.stream(children)
                .filter(c -> !c.isDir())
                .map(c -> c.getPath())
                .filter(p -> isJsonl(p.getName()))
                .sorted(Comparator.comparing(Path::getName))
                .map(Path::toString)
                .toList();
    }

    /** JSONL data files: {@code *.jsonl}, not hidden ({@code .x}) or in progress ({@code _x}). */
    static boolean isJsonl(String name) {
        return name.endsWith(".jsonl") && !name.startsWith(".") && !name.startsWith("_");
    }

    private void found(List<String> paths, Throwable error) {
        if (error != null) {
            throw new FlinkRuntimeException("listing JSONL input " + input + " failed", error);
        }
        int added = 0;
        for (String path : paths) {
            if (seen.add(path)) {
                pending.add(JsonlFileSplit.unread(path));
                added++;
            }
        }
        if (added > 0) {
            LOG.info("found {} new JSONL file(s) in {}", added, input);
        }
        listed = true;
        assignPending();
    }

    private void assignPending() {
        Iterator<Integer> readers = waiting.iterator();
        while (readers.hasNext()) {
            int subtask = readers.next();
            if (!context.registeredReaders().containsKey(subtask)) {
                readers.remove();
            } else if (!pending.isEmpty()) {
                context.assignSplit(pending.poll(), subtask);
                readers.remove();
            } else if (listed && watchIntervalMillis <= 0 && !idleAtEnd) {
                context.signalNoMoreSplits(subtask);
                readers.remove();
            } else {
                return;
            }
        }
    }
}
