package dev.rivulet.tools.bench;

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
import dev.rivulet.protocol.WeightsDigest;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.protocol.flight.PolicyService;
import dev.rivulet.server.metrics.TrainStepClock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A model-less learner, used ONLY by {@code bench fleet} and its tests: a train step sleeps a fixed
 * cost per trained response token (under one lock, as a real learner holds its model), then moves
 * the version on by one and records the learner's progress at the new version, the
 * staleness-weighted count of rollouts trained so far (a rollout trained {@code s} versions after
 * the one that generated it counts {@link LearningCurve#weight}), which the curve turns into the
 * accuracy of that version. Prepare, commit and rollback keep versions as {@link NullModelService}
 * does; a repeated batch id is answered as a duplicate. It never generates.
 */
public final class SimulatedLearner implements PolicyService {

    private final long nanosPerToken;
    private final LearningCurve curve;
    private final TrainStepClock steps;
    private final Map<Long, Double> progress = new ConcurrentHashMap<>();
    private final Map<String, TrainResult> results = new HashMap<>();
    private final Set<String> trainedIds = new HashSet<>();
    private volatile long version;
    private volatile long committed;
    private long trained;
    private long duplicates;

    /**
     * A learner whose steps cost {@code nanosPerToken} per trained response token, weighting stale
     * rollouts as {@code curve} says.
     */
    public SimulatedLearner(long nanosPerToken, LearningCurve curve) {
        if (nanosPerToken < 0) {
            throw new IllegalArgumentException(
                    "the cost per trained token cannot be negative: " + nanosPerToken + " ns");
        }
        this.nanosPerToken = nanosPerToken;
        this.curve = curve;
        this.steps = TrainStepClock.system();
        progress.put(0L, 0.0);
    }

    /** The policy version now. */
    public long currentVersion() {
        return version;
    }

    /** The weighted rollouts trained up to {@code v} (0 for an unknown version). */
    public double progressAt(long v) {
        return progress.getOrDefault(v, 0.0);
    }

    /** The time inside train steps. */
    public TrainStepClock steps() {
        return steps;
    }

    /** Rollouts trained so far (repeated batches not counted). */
    public synchronized long trained() {
        return trained;
    }

    /** Rollouts trained in more than one batch (0 under exactly-once; rollbacks aside). */
    public synchronized long duplicateRollouts() {
        return duplicates;
    }

    @Override
    public synchronized TrainResult train(TrainBatch batch) {
        TrainResult earlier = results.get(batch.batchId());
        if (earlier != null) {
            return earlier.asDuplicate();
        }
        long tokens = 0;
        double weighted = 0;
        long before = version;
        for (ScoredRollout r : batch.rows()) {
            tokens += r.responseTokens().length;
            weighted += curve.weight(before - r.policyVersion());
            if (!trainedIds.add(r.rolloutId())) {
                duplicates++;
            }
        }
        long cost = tokens * nanosPerToken;
        steps.time(
                () -> {
                    sleep(cost);
                    return null;
                });
        trained += batch.rows().size();
        progress.put(before + 1, progressAt(before) + weighted);
        version = before + 1;
        TrainResult r =
                new TrainResult(
                        batch.batchId(),
                        version,
                        0,
                        0,
                        0,
                        0,
                        0,
                        (int) Math.min(Integer.MAX_VALUE, tokens),
                        batch.rows().size(),
                        false);
        results.put(batch.batchId(), r);
        return r;
    }

    /** Sleeps {@code nanos}, parking until the deadline (a wake-up early parks again). */
    static void sleep(long nanos) {
        long end = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    @Override
    public void generate(List<GenerationRequest> requests, Consumer<Completion> sink) {
        throw new PolicyInvalidRequestException(
                "the simulated learner does not generate: send generate calls to the generators");
    }

    @Override
    public Health health() {
        return new Health("ok", version, committed, "none", 0);
    }

    @Override
    public PolicyVersion version() {
        return new PolicyVersion(version, committed);
    }

    @Override
    public List<Admission> admit(List<GenerationRequest> requests) {
        return BenchAnswers.admitAll(requests);
    }

    @Override
    public List<ScoreResult> score(List<ScoreRequest> requests) {
        return BenchAnswers.flatScores(requests, version);
    }

    @Override
    public PolicyVersion prepare(long v) {
        return version();
    }

    @Override
    public WeightsDigest digest(long v) {
        return new WeightsDigest(v, version, null, null);
    }

    @Override
    public synchronized PolicyVersion commit(long v) {
        committed = Math.max(committed, Math.min(v, version));
        return version();
    }

    @Override
    public synchronized PolicyVersion rollback(long v) {
        version = Math.max(v, committed);
        return version();
    }

    @Override
    public CheckpointInfo checkpoint() {
        return new CheckpointInfo("none", version);
    }

    @Override
    public List<LedgerEntry> ledger() {
        return List.of();
    }
}
