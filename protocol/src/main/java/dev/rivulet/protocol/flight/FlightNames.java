package dev.rivulet.protocol.flight;

import java.util.List;

/** Flight descriptor paths and action names of the policy service. */
public final class FlightNames {

    /** DoExchange path: client writes generation requests, server streams completions back. */
    public static final String GENERATE = "generate";

    /** DoPut path: client writes one train batch, server answers with a train result. */
    public static final String TRAIN = "train";

    /**
     * Action: body is a JSON list of {@code GenerationRequest}; answers a list of {@code
     * Admission}, one per request in order.
     */
    public static final String ADMIT = "admit";

    /** Action: no body; answers {@code Health}. */
    public static final String HEALTH = "health";

    /** Action: no body; answers {@code PolicyVersion}. */
    public static final String VERSION = "version";

    /**
     * Action: body is a JSON list of {@code ScoreRequest}; answers a list of {@code ScoreResult}.
     */
    public static final String SCORE = "score";

    /**
     * Action: body {@code {"version": V}}; makes V durable (phase one of a commit); answers {@code
     * PolicyVersion}.
     */
    public static final String PREPARE = "prepare";

    /** Action: body {@code {"version": V}}; answers {@code PolicyVersion}. */
    public static final String COMMIT = "commit";

    /** Action: body {@code {"version": V}}; answers {@code PolicyVersion}. */
    public static final String ROLLBACK = "rollback";

    /**
     * Action: body {@code {"version": V}}; keeps V's durable checkpoint for a later rewind (a
     * savepoint references it); answers {@code PolicyVersion}.
     */
    public static final String RETAIN = "retain";

    /** Action: no body; answers {@code CheckpointInfo}. */
    public static final String CHECKPOINT = "checkpoint";

    /**
     * DoGet ticket (not an action): the training ledger as a stream of record batches of {@code
     * LedgerEntry} rows ({@code Schemas.LEDGER}).
     */
    public static final String LEDGER = "ledger";

    /**
     * DoGet ticket prefix (not an action): {@code weights/<version>} streams that version's weights
     * in chunks with a checksum trailer ({@code WeightsStream}).
     */
    public static final String WEIGHTS = "weights";

    /** The DoGet ticket of {@code version}'s weights: {@code weights/<version>}. */
    public static String weightsTicket(long version) {
        return WEIGHTS + "/" + version;
    }

    /** Action: body {@code {"version": V}}; answers {@code WeightsDigest}. */
    public static final String DIGEST = "digest";

    /** All action names, in a stable order. */
    public static final List<String> ACTIONS =
            List.of(
                    HEALTH,
                    VERSION,
                    SCORE,
                    ADMIT,
                    PREPARE,
                    COMMIT,
                    ROLLBACK,
                    RETAIN,
                    CHECKPOINT,
                    DIGEST);

    private FlightNames() {}
}
