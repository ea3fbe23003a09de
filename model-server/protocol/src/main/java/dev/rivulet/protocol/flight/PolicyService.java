package dev.rivulet.protocol.flight;

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
     * Applies one policy-gradient update; a batch id already applied returns the earlier result
     * with {@code duplicate = true} and changes nothing.
     */
    TrainResult train(TrainBatch batch);

    /** Reports the server's health. */
    Health health();

    /** Reports the current and committed policy versions. */
    PolicyVersion version();

    /** Scores each sequence under the current policy. */
    List<ScoreResult> score(List<ScoreRequest> requests);

    /**
     * Marks {@code version} committed (the snapshot to keep); committing a version at or below the
     * committed one is a no-op.
     */
    PolicyVersion commit(long version);

    /**
     * Returns to {@code version}, forgetting the batches applied after it and their ledger lines.
     */
    PolicyVersion rollback(long version);

    /** Writes a snapshot of the current weights. */
    CheckpointInfo checkpoint();

    /** The training ledger of the surviving lineage, oldest first. */
    List<LedgerEntry> ledger();
}
