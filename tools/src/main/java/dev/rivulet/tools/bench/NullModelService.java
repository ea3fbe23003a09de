package dev.rivulet.tools.bench;

import dev.rivulet.protocol.Admission;
import dev.rivulet.protocol.CheckpointInfo;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.FinishReason;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A model server without a model, used ONLY by the pipeline benchmark to measure what Flink, Arrow
 * Flight and RocksDB cost per rollout: answers are short fixed strings, training counts versions.
 * It is never used where a user would train.
 */
public final class NullModelService implements PolicyService {

    private final AtomicLong version = new AtomicLong();
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong generated = new AtomicLong();
    private final AtomicLong trained = new AtomicLong();

    /** Completions generated so far. */
    public long generated() {
        return generated.get();
    }

    /** Rollouts trained so far. */
    public long trained() {
        return trained.get();
    }

    @Override
    public void generate(List<GenerationRequest> requests, Consumer<Completion> sink) {
        long v = version.get();
        for (GenerationRequest r : requests) {
            int[] prompt = r.prompt().codePoints().toArray();
            for (int i = 0; i < r.numSamples(); i++) {
                String text = Integer.toString((int) ((r.seed() + i) & 0x3ff));
                int[] tokens = text.codePoints().toArray();
                float[] lp = new float[tokens.length];
                java.util.Arrays.fill(lp, -0.5f);
                sink.accept(
                        new Completion(
                                r.requestId(),
                                r.promptId(),
                                i,
                                prompt,
                                tokens,
                                lp,
                                text,
                                v,
                                FinishReason.STOP));
                generated.incrementAndGet();
            }
        }
    }

    @Override
    public TrainResult train(TrainBatch batch) {
        trained.addAndGet(batch.rows().size());
        long v = version.incrementAndGet();
        return new TrainResult(batch.batchId(), v, 0, 0, 0, 0, 0, 0, batch.rows().size(), false);
    }

    @Override
    public Health health() {
        return new Health("ok", version.get(), committed.get(), "none", 0);
    }

    @Override
    public PolicyVersion version() {
        return new PolicyVersion(version.get(), committed.get());
    }

    @Override
    public List<Admission> admit(List<GenerationRequest> requests) {
        return BenchAnswers.admitAll(requests);
    }

    @Override
    public List<ScoreResult> score(List<ScoreRequest> requests) {
        return BenchAnswers.flatScores(requests, version.get());
    }

    @Override
    public PolicyVersion prepare(long v) {
        return version();
    }

    @Override
    public dev.rivulet.protocol.WeightsDigest digest(long v) {
        return new dev.rivulet.protocol.WeightsDigest(v, version.get(), null, null);
    }

    @Override
    public PolicyVersion commit(long v) {
        committed.accumulateAndGet(Math.min(v, version.get()), Math::max);
        return version();
    }

    @Override
    public PolicyVersion rollback(long v) {
        version.set(Math.max(v, committed.get()));
        return version();
    }

    @Override
    public CheckpointInfo checkpoint() {
        return new CheckpointInfo("none", version.get());
    }

    @Override
    public List<LedgerEntry> ledger() {
        return List.of();
    }
}
