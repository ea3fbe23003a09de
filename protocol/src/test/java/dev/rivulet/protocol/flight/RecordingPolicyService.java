package dev.rivulet.protocol.flight;

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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Delegates to another service and records what arrived, so tests can compare it with what was
 * sent.
 */
final class RecordingPolicyService implements PolicyService {

    final PolicyService delegate;
    final List<GenerationRequest> generated = new CopyOnWriteArrayList<>();
    final List<TrainBatch> trained = new CopyOnWriteArrayList<>();
    final List<ScoreRequest> scored = new CopyOnWriteArrayList<>();
    final List<GenerationRequest> admitted = new CopyOnWriteArrayList<>();
    final List<Long> versions = new CopyOnWriteArrayList<>();

    RecordingPolicyService(PolicyService delegate) {
        this.delegate = delegate;
    }

    @Override
    public void generate(List<GenerationRequest> requests, Consumer<Completion> sink) {
        generated.addAll(requests);
        delegate.generate(requests, sink);
    }

    @Override
    public List<Admission> admit(List<GenerationRequest> requests) {
        admitted.addAll(requests);
        return delegate.admit(requests);
    }

    @Override
    public TrainResult train(TrainBatch batch) {
        trained.add(batch);
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
        scored.addAll(requests);
        return delegate.score(requests);
    }

    @Override
    public PolicyVersion prepare(long version) {
        versions.add(version);
        return delegate.prepare(version);
    }

    @Override
    public dev.rivulet.protocol.WeightsDigest digest(long version) {
        return delegate.digest(version);
    }

    @Override
    public PolicyVersion commit(long version) {
        versions.add(version);
        return delegate.commit(version);
    }

    @Override
    public PolicyVersion rollback(long version) {
        versions.add(version);
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
