package dev.rivulet.protocol.flight;

import dev.rivulet.protocol.Admission;
import dev.rivulet.protocol.CheckpointInfo;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Health;
import dev.rivulet.protocol.LedgerEntry;
import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.PolicyWeights;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.ScoreResult;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.TrainResult;
import dev.rivulet.protocol.WeightsDigest;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a model server does, independent of transport; {@link PolicyFlightServer} serves any
 * implementation over Arrow Flight.
 *
 * <p>Implementations signal bad input by throwing {@link PolicyInvalidRequestException}; any other
 * exception is reported to the caller as a server error. Methods may be called concurrently.
 */
public interface PolicyService {

    /**
     * Samples {@code numSamples} completions for each request, pushing each one to {@code sink} as
     * soon as it is done, and returns when all are pushed. The sink is thread-safe.
     */
    void generate(List<GenerationRequest> requests, Consumer<Completion> sink);

    /**
     * Says, for each request and in request order, whether {@link #generate} would serve it: the
     * prompt is encoded exactly as generate encodes it (template included) and refused when it
     * cannot be encoded or when its tokens plus {@code maxNewTokens} exceed the model's context.
     * Nothing is generated; {@code numSamples}, sampling settings and seeds are ignored.
     */
    List<Admission> admit(List<GenerationRequest> requests);

    /**
     * Applies one policy-gradient update; a batch id already applied returns the earlier result
     * with {@code duplicate = true} and changes nothing. A batch whose {@code baseVersion} is set
     * and differs from the current version is refused (invalid request) and changes nothing.
     */
    TrainResult train(TrainBatch batch);

    /** Reports the server's health. */
    Health health();

    /** Reports the current and committed policy versions. */
    PolicyVersion version();

    /** Scores each sequence under the current policy. */
    List<ScoreResult> score(List<ScoreRequest> requests);

    /**
     * Phase one of a commit: makes the held {@code version} durable (a server with a checkpoint
     * directory writes its weights, optimizer state and ledger atomically) so that a later {@link
     * #rollback} can return to it even after the server restarts. Preparing a version at or below
     * the committed one, or one already prepared, is a no-op; a version the server does not hold is
     * an invalid request.
     */
    PolicyVersion prepare(long version);

    /**
     * Phase two: marks {@code version} committed (the state a restart restores) and drops older
     * snapshots and prepared checkpoints; committing a version at or below the committed one is a
     * no-op. A version that was never prepared is made durable first.
     */
    PolicyVersion commit(long version);

    /**
     * Keeps the durable checkpoint of {@code version} (prepared first if needed) when later commits
     * delete older ones, so that a {@link #rollback} can rewind to it below the committed version:
     * called for the version a Flink savepoint references. By default a no-op answering {@link
     * #version()}: a server without durable checkpoints keeps nothing to rewind to.
     */
    default PolicyVersion retain(long version) {
        return version();
    }

    /**
     * Returns to {@code version}, forgetting the batches applied after it and their ledger lines
     * (and prepared checkpoints after it). The version must be held in memory or prepared on disk,
     * and at or above the committed one.
     */
    PolicyVersion rollback(long version);

    /**
     * Fingerprints of the in-memory and durable weights of {@code version}, to check that a
     * recovered server serves exactly what its checkpoint holds.
     */
    WeightsDigest digest(long version);

    /**
     * The weights of {@code version} with the lineage they belong to and their fingerprint (the one
     * {@link #digest} reports), for a generator to load (Flight DoGet {@code weights/<version>}).
     * The learner serves any version at or below its current one that it holds in memory or as a
     * durable checkpoint; another version is an invalid request naming it. The tensor list may be
     * read lazily while the stream is sent. By default an invalid request: a server without weights
     * to ship.
     */
    default PolicyWeights weights(long version) {
        throw new PolicyInvalidRequestException(
                "weights of version "
                        + version
                        + ": this server ("
                        + getClass().getSimpleName()
                        + ") does not ship weights; ask the learner");
    }

    /** Writes a snapshot of the current weights. */
    CheckpointInfo checkpoint();

    /** The training ledger of the surviving lineage, oldest first. */
    List<LedgerEntry> ledger();

    /**
     * The same ledger pushed one entry at a time, for servers whose ledger is too long to hold as
     * one list (the Flight {@code ledger} stream uses this). The default walks {@link #ledger()}.
     */
    default void ledger(java.util.function.Consumer<LedgerEntry> sink) {
        ledger().forEach(sink);
    }
}
