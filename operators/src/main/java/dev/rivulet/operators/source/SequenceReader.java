package dev.rivulet.operators.source;

import dev.rivulet.protocol.Prompt;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;

/**
 * Emits the prompts of a {@link PromptSequence} in index order, then stays idle: the source is
 * unbounded, because the RL loop keeps running on its pool after the last prompt arrived.
 */
final class SequenceReader implements SourceReader<Prompt, IndexSplit> {

    private static final int BATCH = 64;

    private final SourceReaderContext context;
    private final PromptSequence sequence;
    private IndexSplit split;
    private boolean noMoreSplits;
    private CompletableFuture<Void> available = new CompletableFuture<>();

    SequenceReader(SourceReaderContext context, PromptSequence sequence) {
        this.context = context;
        this.sequence = sequence;
    }

    @Override
    public void start() {
        context.sendSplitRequest();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<Prompt> output) {
        if (split == null || split.next() >= sequence.size()) {
            if (available.isDone()) {
                available = new CompletableFuture<>();
            }
            return InputStatus.NOTHING_AVAILABLE;
        }
        long next = split.next();
        long end = Math.min(sequence.size(), next + BATCH);
        for (long i = next; i < end; i++) {
            output.collect(sequence.get(i));
        }
        split = new IndexSplit(end);
        return end < sequence.size() ? InputStatus.MORE_AVAILABLE : InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public List<IndexSplit> snapshotState(long checkpointId) {
        return split == null ? List.of() : List.of(split);
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void addSplits(List<IndexSplit> splits) {
        if (!splits.isEmpty()) {
            split = splits.get(0);
            available.complete(null);
        }
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
    }

    @Override
    public void close() {}

    boolean noMoreSplits() {
        return noMoreSplits;
    }
}
