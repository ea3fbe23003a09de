package dev.rivulet.operators.source;

import dev.rivulet.algo.task.JsonlPromptParser;
import java.time.Duration;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A FLIP-27 source of the raw lines of JSONL files: one file, or every {@code *.jsonl} file of a
 * directory in name order, optionally watching the directory for new files.
 *
 * <p>Each file is one split whose checkpointed state is the byte offset and line count of the next
 * line, so a restore neither skips nor repeats a line. Without watching the source is bounded; with
 * a watch interval it is unbounded and picks up files that appear later (each path once; write a
 * file under a hidden or non-{@code .jsonl} name and rename it when complete, because a file is
 * read as it is when its turn comes). {@link #pool} reads the files once and then idles
 * (unbounded), for a job that keeps training on what it read. Lines longer than {@code
 * maxLineBytes} arrive truncated (see {@link SourceLine#truncated()}).
 */
public final class JsonlFileSource
        implements Source<SourceLine, JsonlFileSplit, JsonlEnumeratorState> {

    private static final long serialVersionUID = 1L;

    private final String input;
    private final long watchIntervalMillis;
    private final int maxLineBytes;
    private final boolean idleAtEnd;

    /**
     * A source over {@code input} (a file or a directory, local path or file-system URI).
     *
     * @param watchInterval how often to list the directory for new files; zero or null: list once
     *     and end when every file is read
     * @param maxLineBytes longer lines arrive truncated
     */
    public JsonlFileSource(String input, Duration watchInterval, int maxLineBytes) {
        this(input, watchInterval, maxLineBytes, false);
    }

    /**
     * A source over {@code input}; with {@code idleAtEnd} and no watch interval it reads every file
     * once and then stays idle instead of ending (unbounded), so a job that trains on the file as a
     * pool keeps running.
     */
    public JsonlFileSource(
            String input, Duration watchInterval, int maxLineBytes, boolean idleAtEnd) {
        if (input == null || input.isBlank()) {
            throw new IllegalArgumentException("JSONL input path must not be blank");
        }
        if (watchInterval != null && watchInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "watch interval must not be negative, got " + watchInterval);
        }
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException(
                    "maxLineBytes must be positive, got " + maxLineBytes);
        }
        this.input = input;
        this.watchIntervalMillis = watchInterval == null ? 0 : watchInterval.toMillis();
        this.maxLineBytes = maxLineBytes;
        this.idleAtEnd = idleAtEnd;
    }

    /**
     * An unbounded source that reads every file of {@code input} once and then stays idle: a finite
     * prompt file is a pool for the whole run.
     */
    public static JsonlFileSource pool(String input) {
        return new JsonlFileSource(input, null, JsonlPromptParser.DEFAULT_MAX_LINE_BYTES, true);
    }

    /** A bounded source over {@code input} with the parser's default line limit. */
    public static JsonlFileSource bounded(String input) {
        return new JsonlFileSource(input, null, JsonlPromptParser.DEFAULT_MAX_LINE_BYTES);
    }

    /** An unbounded source watching the directory {@code input} every {@code interval}. */
    public static JsonlFileSource watching(String input, Duration interval) {
        if (interval == null || interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException(
                    "a watch interval must be positive, got " + interval);
        }
        return new JsonlFileSource(input, interval, JsonlPromptParser.DEFAULT_MAX_LINE_BYTES);
    }

    public String input() {
        return input;
    }

    /** Whether the source keeps watching for new files. */
    public boolean watching() {
        return watchIntervalMillis > 0;
    }

    @Override
    public Boundedness getBoundedness() {
        return watching() || idleAtEnd ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    public SplitEnumerator<JsonlFileSplit, JsonlEnumeratorState> createEnumerator(
            SplitEnumeratorContext<JsonlFileSplit> context) {
        return restoreEnumerator(context, JsonlEnumeratorState.empty());
    }

    @Override
    public SplitEnumerator<JsonlFileSplit, JsonlEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<JsonlFileSplit> context, JsonlEnumeratorState checkpoint) {
        return new JsonlFileEnumerator(context, input, watchIntervalMillis, idleAtEnd, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<JsonlFileSplit> getSplitSerializer() {
        return JsonlFileSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<JsonlEnumeratorState> getEnumeratorCheckpointSerializer() {
        return JsonlEnumeratorStateSerializer.INSTANCE;
    }

    @Override
    public SourceReader<SourceLine, JsonlFileSplit> createReader(
            SourceReaderContext readerContext) {
        return new JsonlFileReader(readerContext, maxLineBytes);
    }
}
