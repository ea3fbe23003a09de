package dev.rivulet.operators.source;

import dev.rivulet.protocol.Prompt;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A FLIP-27 source over a deterministic {@link PromptSequence} (the built-in synthetic tasks): one
 * split whose state is the next index, so a restore neither skips nor repeats a prompt.
 */
public final class SequencePromptSource implements Source<Prompt, IndexSplit, IndexSplit> {

    private static final long serialVersionUID = 1L;

    private final PromptSequence sequence;

    public SequencePromptSource(PromptSequence sequence) {
        this.sequence = sequence;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<IndexSplit, IndexSplit> createEnumerator(
            SplitEnumeratorContext<IndexSplit> context) {
        return new SequenceEnumerator(context, new IndexSplit(0));
    }

    @Override
    public SplitEnumerator<IndexSplit, IndexSplit> restoreEnumerator(
            SplitEnumeratorContext<IndexSplit> context, IndexSplit checkpoint) {
        return new SequenceEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<IndexSplit> getSplitSerializer() {
        return IndexSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<IndexSplit> getEnumeratorCheckpointSerializer() {
        return IndexSplitSerializer.INSTANCE;
    }

    @Override
    public SourceReader<Prompt, IndexSplit> createReader(SourceReaderContext readerContext) {
        return new SequenceReader(readerContext, sequence);
    }
}
