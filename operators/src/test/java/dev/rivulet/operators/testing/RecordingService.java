package dev.rivulet.operators.testing;

import dev.rivulet.protocol.Admission;
import dev.rivulet.protocol.CheckpointInfo;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Health;
import dev.rivulet.protocol.LedgerEntry;
import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.ScoreResult;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.TrainResult;
import dev.rivulet.protocol.flight.PolicyService;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Wraps a {@link PolicyService} and records every generation request and train batch id. */
public final class RecordingService implements PolicyService {

    private final PolicyService delegate;
    public final List<String> requestIds = new CopyOnWriteArrayList<>();
    public final List<String> batchIds = new CopyOnWriteArrayList<>();
    public final List<String> generatedPromptIds = new CopyOnWriteArrayList<>();
    public final List<Long> rollbacks = new CopyOnWriteArrayList<>();
    public final List<Long> commits = new CopyOnWriteArrayList<>();
    public final List<Long> prepares = new CopyOnWriteArrayList<>();

    public RecordingService(PolicyService delegate) {
        this.delegate = delegate;
    }

    @Override
    public void generate(List<GenerationRequest> requests, Consumer<Completion> sink) {
        requests.forEach(r -> requestIds.add(r.requestId()));
        requests.forEach(r -> generatedPromptIds.add(r.promptId()));
        delegate.generate(requests, sink);
    }

    @Override
    public List<Admission> admit(List<GenerationRequest> requests) {
        return delegate.admit(requests);
    }

    @Override
    public TrainResult train(TrainBatch batch) {
        batchIds.add(batch.batchId());
        return delegate.train(batch);
    }

    @Override
    public Health health() {
        return delegate.health();
    }

    @Override
    public PolicyVersion version() {
        return delegate.version();
    }

    @Override
    public List<ScoreResult> score(List<ScoreRequest> requests) {
        return delegate.score(requests);
    }

    @Override
    public PolicyVersion prepare(long version) {
        prepares.add(version);
        return delegate.prepare(version);
    }

    @Override
    public dev.rivulet.protocol.WeightsDigest digest(long version) {
        return delegate.digest(version);
    }

    @Override
    public PolicyVersion commit(long version) {
        commits.add(version);
        return delegate.commit(version);
    }

    @Override
    public PolicyVersion rollback(long version) {
        rollbacks.add(version);
        return delegate.rollback(version);
    }

    @Override
    public CheckpointInfo checkpoint() {
        return delegate.checkpoint();
    }

    @Override
    public List<LedgerEntry> ledger() {
        return delegate.ledger();
    }
}
