package dev.rivulet.server.metrics;

import dev.rivulet.protocol.Admission;
import dev.rivulet.protocol.CheckpointInfo;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Health;
import dev.rivulet.protocol.LedgerEntry;
import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.ScoreResult;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.TrainResult;
import dev.rivulet.protocol.error.PolicyErrorCode;
import dev.rivulet.protocol.error.PolicyException;
import dev.rivulet.protocol.flight.PolicyService;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Records {@link ServerMetrics} around any {@link PolicyService}, so calls over Flight and calls
 * in-process count the same way: latencies, generated tokens, versions, train statistics, the
 * staleness of trained rollouts, and every failure under its {@link PolicyErrorCode} (anything not
 * a {@link PolicyException} counts as {@code SERVER_ERROR}).
 */
public final class MeteredPolicyService implements PolicyService {

    private final PolicyService delegate;
    private final ServerMetrics metrics;

    /** Wraps {@code delegate}, publishing its current versions at once. */
    public MeteredPolicyService(PolicyService delegate, ServerMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
        publish(delegate.version());
    }

    @Override
    public void generate(List<GenerationRequest> requests, Consumer<Completion> sink) {
        long t0 = System.nanoTime();
        try {
            delegate.generate(
                    requests,
                    c -> {
                        sink.accept(c);
                        metrics.generatedTokens.inc(c.tokens().length);
                    });
        } catch (RuntimeException e) {
            throw counted(e);
        } finally {
            metrics.generateSeconds.observe(seconds(t0));
        }
    }

    @Override
    public TrainResult train(TrainBatch batch) {
        long t0 = System.nanoTime();
        try {
            TrainResult r = delegate.train(batch);
            if (!r.duplicate()) {
                observeStaleness(batch, r);
                metrics.loss.set(r.loss());
                metrics.entropy.set(r.entropy());
                metrics.kl.set(r.klBehaviour());
                metrics.clipFraction.set(r.clipFraction());
            }
            metrics.policyVersion.set(r.policyVersion());
            return r;
        } catch (RuntimeException e) {
            throw counted(e);
        } finally {
            metrics.trainSeconds.observe(seconds(t0));
        }
    }

    @Override
    public Health health() {
        return call(delegate::health);
    }

    @Override
    public PolicyVersion version() {
        return publish(call(delegate::version));
    }

    @Override
    public List<Admission> admit(List<GenerationRequest> requests) {
        return call(() -> delegate.admit(requests));
    }

    @Override
    public List<ScoreResult> score(List<ScoreRequest> requests) {
        return call(() -> delegate.score(requests));
    }

    @Override
    public PolicyVersion prepare(long version) {
        return publish(call(() -> delegate.prepare(version)));
    }

    @Override
    public PolicyVersion retain(long version) {
        return publish(call(() -> delegate.retain(version)));
    }

    @Override
    public dev.rivulet.protocol.WeightsDigest digest(long version) {
        return call(() -> delegate.digest(version));
    }

    @Override
    public dev.rivulet.protocol.PolicyWeights weights(long version) {
        return call(() -> delegate.weights(version));
    }

    @Override
    public PolicyVersion commit(long version) {
        return publish(call(() -> delegate.commit(version)));
    }

    @Override
    public PolicyVersion rollback(long version) {
        return publish(call(() -> delegate.rollback(version)));
    }

    @Override
    public CheckpointInfo checkpoint() {
        return call(delegate::checkpoint);
    }

    @Override
    public List<LedgerEntry> ledger() {
        return call(delegate::ledger);
    }

    @Override
    public void ledger(java.util.function.Consumer<LedgerEntry> sink) {
        call(
                () -> {
                    delegate.ledger(sink);
                    return null;
                });
    }

    /**
     * Observes each rollout's lag behind the version the batch was trained on (the version before
     * the step's: a step moves the policy from v to v + 1).
     */
    private void observeStaleness(TrainBatch batch, TrainResult r) {
        long trainedOn = r.policyVersion() - 1;
        for (ScoredRollout row : batch.rows()) {
            metrics.trainStaleness.observe(Math.max(0, trainedOn - row.policyVersion()));
        }
    }

    private PolicyVersion publish(PolicyVersion v) {
        metrics.policyVersion.set(v.current());
        metrics.committedVersion.set(v.committed());
        return v;
    }

    private <T> T call(Supplier<T> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            throw counted(e);
        }
    }

    private RuntimeException counted(RuntimeException e) {
        PolicyErrorCode code =
                e instanceof PolicyException p ? p.code() : PolicyErrorCode.SERVER_ERROR;
        metrics.errors.labelValues(code.name()).inc();
        return e;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
