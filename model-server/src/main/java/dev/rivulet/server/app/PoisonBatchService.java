package dev.rivulet.server.app;

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
import dev.rivulet.protocol.WeightsDigest;
import dev.rivulet.protocol.flight.PolicyService;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Fault injection for {@code rivulet chaos}'s {@code poison-batch} scenario ({@code serve
 * --fault-poison-batch N}): the N-th distinct train batch id this server receives fails with an
 * internal error on every attempt, as a batch whose gradient is always NaN would; nothing of it is
 * applied. Every other call goes to the wrapped service unchanged.
 */
final class PoisonBatchService implements PolicyService {

    private final PolicyService delegate;
    private final int poisonAt;
    private final Set<String> seen = new LinkedHashSet<>();
    private String poisoned;

    /** Poisons the {@code poisonAt}-th distinct batch id (1 for the first). */
    PoisonBatchService(PolicyService delegate, int poisonAt) {
        if (poisonAt < 1) {
            throw new IllegalArgumentException(
                    "--fault-poison-batch must be >= 1, got " + poisonAt);
        }
        this.delegate = delegate;
        this.poisonAt = poisonAt;
    }

    @Override
    public TrainResult train(TrainBatch batch) {
        synchronized (this) {
            if (seen.size() < poisonAt && seen.add(batch.batchId()) && seen.size() == poisonAt) {
                poisoned = batch.batchId();
            }
            if (batch.batchId().equals(poisoned)) {
                throw new IllegalStateException(
                        "injected fault (--fault-poison-batch "
                                + poisonAt
                                + "): train batch "
                                + batch.batchId()
                                + " fails on every attempt; no update applied");
            }
        }
        return delegate.train(batch);
    }

    @Override
    public void generate(List<GenerationRequest> requests, Consumer<Completion> sink) {
        delegate.generate(requests, sink);
    }

    @Override
    public List<Admission> admit(List<GenerationRequest> requests) {
        return delegate.admit(requests);
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
        return delegate.prepare(version);
    }

    @Override
    public PolicyVersion commit(long version) {
        return delegate.commit(version);
    }

    @Override
    public PolicyVersion retain(long version) {
        return delegate.retain(version);
    }

    @Override
    public PolicyVersion rollback(long version) {
        return delegate.rollback(version);
    }

    @Override
    public WeightsDigest digest(long version) {
        return delegate.digest(version);
    }

    @Override
    public dev.rivulet.protocol.PolicyWeights weights(long version) {
        return delegate.weights(version);
    }

    @Override
    public CheckpointInfo checkpoint() {
        return delegate.checkpoint();
    }

    @Override
    public List<LedgerEntry> ledger() {
        return delegate.ledger();
    }

    @Override
    public void ledger(Consumer<LedgerEntry> sink) {
        delegate.ledger(sink);
    }
}
