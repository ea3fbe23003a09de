package dev.rivulet.operators.source;

import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Hands the one split of a sequence source to the first reader that asks, and takes it back when
 * that reader fails (so the replacement resumes where the checkpoint left it).
 */
final class SequenceEnumerator implements SplitEnumerator<IndexSplit, IndexSplit> {

    private final SplitEnumeratorContext<IndexSplit> context;
    private IndexSplit unassigned;

    SequenceEnumerator(SplitEnumeratorContext<IndexSplit> context, IndexSplit unassigned) {
        this.context = context;
        this.unassigned = unassigned;
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        if (unassigned != null) {
            context.assignSplit(unassigned, subtaskId);
            unassigned = null;
        }
        context.signalNoMoreSplits(subtaskId);
    }

    @Override
    public void addSplitsBack(List<IndexSplit> splits, int subtaskId) {
        if (!splits.isEmpty()) {
            unassigned = splits.get(0);
        }
    }

    @Override
    public void addReader(int subtaskId) {}

    @Override
    public IndexSplit snapshotState(long checkpointId) {
        return unassigned;
    }

    @Override
    public void close() {}
}
