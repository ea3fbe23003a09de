package dev.rivulet.protocol.arrow;

import static dev.rivulet.protocol.arrow.Schemas.ADVANTAGE;
import static dev.rivulet.protocol.arrow.Schemas.BATCH_ID;
import static dev.rivulet.protocol.arrow.Schemas.BEHAVIOUR_LOGPROBS;
import static dev.rivulet.protocol.arrow.Schemas.DIFFICULTY;
import static dev.rivulet.protocol.arrow.Schemas.FINISH_REASON;
import static dev.rivulet.protocol.arrow.Schemas.GREEDY;
import static dev.rivulet.protocol.arrow.Schemas.LOGPROBS;
import static dev.rivulet.protocol.arrow.Schemas.MAX_NEW_TOKENS;
import static dev.rivulet.protocol.arrow.Schemas.NUM_SAMPLES;
import static dev.rivulet.protocol.arrow.Schemas.POLICY_VERSION;
import static dev.rivulet.protocol.arrow.Schemas.PROMPT;
import static dev.rivulet.protocol.arrow.Schemas.PROMPT_ID;
import static dev.rivulet.protocol.arrow.Schemas.PROMPT_TOKENS;
import static dev.rivulet.protocol.arrow.Schemas.REQUEST_ID;
import static dev.rivulet.protocol.arrow.Schemas.RESPONSE_TOKENS;
import static dev.rivulet.protocol.arrow.Schemas.REWARD;
import static dev.rivulet.protocol.arrow.Schemas.ROLLOUT_ID;
import static dev.rivulet.protocol.arrow.Schemas.SAMPLE_INDEX;
import static dev.rivulet.protocol.arrow.Schemas.SEED;
import static dev.rivulet.protocol.arrow.Schemas.SEQUENCE_ID;
import static dev.rivulet.protocol.arrow.Schemas.SYSTEM_PROMPT;
import static dev.rivulet.protocol.arrow.Schemas.TASK;
import static dev.rivulet.protocol.arrow.Schemas.TEMPERATURE;
import static dev.rivulet.protocol.arrow.Schemas.TEMPLATE;
import static dev.rivulet.protocol.arrow.Schemas.TEXT;
import static dev.rivulet.protocol.arrow.Schemas.TOKENS;
import static dev.rivulet.protocol.arrow.Schemas.TOP_P;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.FinishReason;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Hint;
import dev.rivulet.protocol.LedgerEntry;
import dev.rivulet.protocol.ScoreRequest;
import dev.rivulet.protocol.ScoreResult;
import dev.rivulet.protocol.ScoredRollout;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.error.PolicyException;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Converts lists of protocol records to and from Arrow {@link VectorSchemaRoot}s.
 *
 * <p>{@code encode*} methods return a new root the caller owns and must close; {@code write*}
 * methods refill an existing root of the right schema; {@code decode*} methods check the schema and
 * throw {@link PolicyInvalidRequestException} on a mismatch or a bad row.
 */
public final class ArrowCodec {

    private ArrowCodec() {}

    /** A new root holding {@code rows}; the caller closes it. */
    public static VectorSchemaRoot encodeGenerationRequests(
            List<GenerationRequest> rows, BufferAllocator allocator) {
        return encode(
                Schemas.GENERATION_REQUEST, allocator, root -> writeGenerationRequests(rows, root));
    }

    /** Replaces the content of {@code root} (schema {@link Schemas#GENERATION_REQUEST}). */
    public static void writeGenerationRequests(
            List<GenerationRequest> rows, VectorSchemaRoot root) {
        write(
                rows,
                root,
                (c, i, r) -> {
                    c.setString(REQUEST_ID, i, r.requestId());
                    c.setString(PROMPT_ID, i, r.promptId());
                    c.setString(PROMPT, i, r.prompt());
                    c.setInt(NUM_SAMPLES, i, r.numSamples());
                    c.setFloat(TEMPERATURE, i, r.temperature());
                    c.setFloat(TOP_P, i, r.topP());
                    c.setInt(MAX_NEW_TOKENS, i, r.maxNewTokens());
                    c.setLong(SEED, i, r.seed());
                    c.setBoolean(GREEDY, i, r.greedy());
                    c.setString(TEMPLATE, i, r.template());
                    c.setString(SYSTEM_PROMPT, i, r.systemPrompt());
                    c.setOptionalString(Schemas.HINT_KIND, i, r.hint().kind());
                    c.setOptionalString(Schemas.HINT_TEXT, i, r.hint().text());
                    c.setOptionalInt(Schemas.HINT_LEVEL, i, r.hint().level());
                });
    }

    /** The generation requests held by {@code root}. */
    public static List<GenerationRequest> decodeGenerationRequests(VectorSchemaRoot root) {
        return read(
                root,
                Schemas.GENERATION_REQUEST,
                "generation request",
                (c, i) ->
                        new GenerationRequest(
                                c.getString(REQUEST_ID, i),
                                c.getString(PROMPT_ID, i),
                                c.getString(PROMPT, i),
                                c.getInt(NUM_SAMPLES, i),
                                c.getFloat(TEMPERATURE, i),
                                c.getFloat(TOP_P, i),
                                c.getInt(MAX_NEW_TOKENS, i),
                                c.getLong(SEED, i),
                                c.getBoolean(GREEDY, i),
                                c.getString(TEMPLATE, i),
                                c.getString(SYSTEM_PROMPT, i),
                                Hint.of(
                                        c.getOptionalString(Schemas.HINT_KIND, i),
                                        c.getOptionalString(Schemas.HINT_TEXT, i),
                                        c.getOptionalInt(Schemas.HINT_LEVEL, i))));
    }

    /** A new root holding {@code rows}; the caller closes it. */
    public static VectorSchemaRoot encodeCompletions(
            List<Completion> rows, BufferAllocator allocator) {
        return encode(Schemas.COMPLETION, allocator, root -> writeCompletions(rows, root));
    }

    /** Replaces the content of {@code root} (schema {@link Schemas#COMPLETION}). */
    public static void writeCompletions(List<Completion> rows, VectorSchemaRoot root) {
        write(
                rows,
                root,
                (c, i, r) -> {
                    c.setString(REQUEST_ID, i, r.requestId());
                    c.setString(PROMPT_ID, i, r.promptId());
                    c.setInt(SAMPLE_INDEX, i, r.sampleIndex());
                    c.setInts(PROMPT_TOKENS, i, r.promptTokens());
                    c.setInts(TOKENS, i, r.tokens());
                    c.setFloats(LOGPROBS, i, r.logprobs());
                    c.setString(TEXT, i, r.text());
                    c.setLong(POLICY_VERSION, i, r.policyVersion());
                    c.setString(FINISH_REASON, i, r.finishReason().name());
                    c.setFloats(Schemas.ENTROPIES, i, r.entropies());
                });
    }

    /** Replaces the content of {@code root} (schema {@link Schemas#LEDGER}). */
    public static void writeLedger(List<LedgerEntry> rows, VectorSchemaRoot root) {
        write(
                rows,
                root,
                (c, i, r) -> {
                    c.setString(ROLLOUT_ID, i, r.rolloutId());
                    c.setString(BATCH_ID, i, r.batchId());
                    c.setLong(POLICY_VERSION, i, r.policyVersion());
                });
    }

    /** The ledger entries held by {@code root}. */
    public static List<LedgerEntry> decodeLedger(VectorSchemaRoot root) {
        return read(
                root,
                Schemas.LEDGER,
                "ledger entry",
                (c, i) ->
                        new LedgerEntry(
                                c.getString(ROLLOUT_ID, i),
                                c.getString(BATCH_ID, i),
                                c.getLong(POLICY_VERSION, i)));
    }

    /** The completions held by {@code root}. */
    public static List<Completion> decodeCompletions(VectorSchemaRoot root) {
        return read(
                root,
                Schemas.COMPLETION,
                "completion",
                (c, i) ->
                        new Completion(
                                c.getString(REQUEST_ID, i),
                                c.getString(PROMPT_ID, i),
                                c.getInt(SAMPLE_INDEX, i),
                                c.getInts(PROMPT_TOKENS, i),
                                c.getInts(TOKENS, i),
                                c.getFloats(LOGPROBS, i),
                                c.getString(TEXT, i),
                                c.getLong(POLICY_VERSION, i),
                                FinishReason.valueOf(c.getString(FINISH_REASON, i)),
                                c.getFloats(Schemas.ENTROPIES, i)));
    }

    /**
     * A new root holding the batch's rows, with its id and flag in the schema metadata; the caller
     * closes it.
     */
    public static VectorSchemaRoot encodeTrainBatch(TrainBatch batch, BufferAllocator allocator) {
        Schema schema =
                Schemas.trainBatch(
                        batch.batchId(),
                        batch.normalizeAdvantages(),
                        batch.baseVersion(),
                        batch.lineage());
        return encode(schema, allocator, root -> writeScoredRollouts(batch.rows(), root));
    }

    /** Replaces the content of {@code root} (schema {@link Schemas#TRAIN_ROW}). */
    public static void writeScoredRollouts(List<ScoredRollout> rows, VectorSchemaRoot root) {
        write(
                rows,
                root,
                (c, i, r) -> {
                    c.setString(ROLLOUT_ID, i, r.rolloutId());
                    c.setString(PROMPT_ID, i, r.promptId());
                    c.setString(TASK, i, r.task());
                    c.setInt(DIFFICULTY, i, r.difficulty());
                    c.setInts(PROMPT_TOKENS, i, r.promptTokens());
                    c.setInts(RESPONSE_TOKENS, i, r.responseTokens());
                    c.setFloats(BEHAVIOUR_LOGPROBS, i, r.behaviourLogprobs());
                    c.setDouble(REWARD, i, r.reward());
                    c.setDouble(ADVANTAGE, i, r.advantage());
                    c.setLong(POLICY_VERSION, i, r.policyVersion());
                    c.setString(Schemas.GROUP_ID, i, r.groupId());
                    c.setFloats(Schemas.TOKEN_ADVANTAGES, i, r.tokenAdvantages());
                    c.setInt(Schemas.GROUP_SIZE, i, r.groupSize());
                    c.setOptionalString(Schemas.HINT_KIND, i, r.hintKind());
                    c.setOptionalInt(Schemas.HINT_LEVEL, i, r.hintLevel());
                });
    }

    /** The scored rollouts held by {@code root}. */
    public static List<ScoredRollout> decodeScoredRollouts(VectorSchemaRoot root) {
        return read(
                root,
                Schemas.TRAIN_ROW,
                "train row",
                (c, i) ->
                        new ScoredRollout(
                                c.getString(ROLLOUT_ID, i),
                                c.getString(PROMPT_ID, i),
                                c.getString(TASK, i),
                                c.getInt(DIFFICULTY, i),
                                c.getInts(PROMPT_TOKENS, i),
                                c.getInts(RESPONSE_TOKENS, i),
                                c.getFloats(BEHAVIOUR_LOGPROBS, i),
                                c.getDouble(REWARD, i),
                                c.getDouble(ADVANTAGE, i),
                                c.getLong(POLICY_VERSION, i),
                                c.getString(Schemas.GROUP_ID, i),
                                c.getFloats(Schemas.TOKEN_ADVANTAGES, i),
                                c.getInt(Schemas.GROUP_SIZE, i),
                                orEmpty(c.getOptionalString(Schemas.HINT_KIND, i)),
                                orZero(c.getOptionalInt(Schemas.HINT_LEVEL, i))));
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    /**
     * The train batch made of {@code rows} (decoded from one or more record batches), with its id
     * and flag read from {@code schema}'s metadata.
     */
    public static TrainBatch decodeTrainBatch(Schema schema, List<ScoredRollout> rows) {
        Map<String, String> meta = schema.getCustomMetadata();
        String batchId = meta == null ? null : meta.get(Schemas.BATCH_ID_KEY);
        String normalize = meta == null ? null : meta.get(Schemas.NORMALIZE_ADVANTAGES_KEY);
        if (batchId == null || batchId.isEmpty()) {
            throw new PolicyInvalidRequestException(
                    "train batch schema metadata lacks " + Schemas.BATCH_ID_KEY);
        }
        if (!"true".equals(normalize) && !"false".equals(normalize)) {
            throw new PolicyInvalidRequestException(
                    "train batch schema metadata "
                            + Schemas.NORMALIZE_ADVANTAGES_KEY
                            + " must be true or false, got "
                            + normalize);
        }
        String base = meta.get(Schemas.BASE_VERSION_KEY);
        long baseVersion = TrainBatch.ANY_BASE;
        if (base != null) {
            try {
                baseVersion = Long.parseLong(base);
            } catch (NumberFormatException e) {
                throw new PolicyInvalidRequestException(
                        "train batch schema metadata "
                                + Schemas.BASE_VERSION_KEY
                                + " must be a version number, got '"
                                + base
                                + "'");
            }
        }
        try {
            return new TrainBatch(
                    batchId,
                    rows,
                    Boolean.parseBoolean(normalize),
                    baseVersion,
                    meta.get(Schemas.LINEAGE_KEY));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new PolicyInvalidRequestException("train batch: " + e.getMessage(), e);
        }
    }

    /** The train batch held by one root whose schema carries the batch metadata. */
    public static TrainBatch decodeTrainBatch(VectorSchemaRoot root) {
        return decodeTrainBatch(root.getSchema(), decodeScoredRollouts(root));
    }

    /** A new root holding {@code rows}; the caller closes it. */
    public static VectorSchemaRoot encodeScoreRequests(
            List<ScoreRequest> rows, BufferAllocator allocator) {
        return encode(Schemas.SCORE_REQUEST, allocator, root -> writeScoreRequests(rows, root));
    }

    /** Replaces the content of {@code root} (schema {@link Schemas#SCORE_REQUEST}). */
    public static void writeScoreRequests(List<ScoreRequest> rows, VectorSchemaRoot root) {
        write(
                rows,
                root,
                (c, i, r) -> {
                    c.setString(SEQUENCE_ID, i, r.sequenceId());
                    c.setInts(PROMPT_TOKENS, i, r.promptTokens());
                    c.setInts(RESPONSE_TOKENS, i, r.responseTokens());
                });
    }

    /** The score requests held by {@code root}. */
    public static List<ScoreRequest> decodeScoreRequests(VectorSchemaRoot root) {
        return read(
                root,
                Schemas.SCORE_REQUEST,
                "score request",
                (c, i) ->
                        new ScoreRequest(
                                c.getString(SEQUENCE_ID, i),
                                c.getInts(PROMPT_TOKENS, i),
                                c.getInts(RESPONSE_TOKENS, i)));
    }

    /** A new root holding {@code rows}; the caller closes it. */
    public static VectorSchemaRoot encodeScoreResults(
            List<ScoreResult> rows, BufferAllocator allocator) {
        return encode(Schemas.SCORE_RESULT, allocator, root -> writeScoreResults(rows, root));
    }

    /** Replaces the content of {@code root} (schema {@link Schemas#SCORE_RESULT}). */
    public static void writeScoreResults(List<ScoreResult> rows, VectorSchemaRoot root) {
        write(
                rows,
                root,
                (c, i, r) -> {
                    c.setString(SEQUENCE_ID, i, r.sequenceId());
                    c.setFloats(LOGPROBS, i, r.logprobs());
                    c.setLong(POLICY_VERSION, i, r.policyVersion());
                });
    }

    /** The score results held by {@code root}. */
    public static List<ScoreResult> decodeScoreResults(VectorSchemaRoot root) {
        return read(
                root,
                Schemas.SCORE_RESULT,
                "score result",
                (c, i) ->
                        new ScoreResult(
                                c.getString(SEQUENCE_ID, i),
                                c.getFloats(LOGPROBS, i),
                                c.getLong(POLICY_VERSION, i)));
    }

    private interface RowWriter<T> {
        void write(Columns columns, int row, T value);
    }

    private interface RowReader<T> {
        T read(Columns columns, int row);
    }

    private interface Filler {
        void fill(VectorSchemaRoot root);
    }

    private static VectorSchemaRoot encode(
            Schema schema, BufferAllocator allocator, Filler filler) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        try {
            filler.fill(root);
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    private static <T> void write(List<T> rows, VectorSchemaRoot root, RowWriter<T> writer) {
        root.allocateNew();
        Columns columns = new Columns(root);
        for (int i = 0; i < rows.size(); i++) {
            writer.write(columns, i, rows.get(i));
        }
        root.setRowCount(rows.size());
    }

    private static <T> List<T> read(
            VectorSchemaRoot root, Schema expected, String what, RowReader<T> reader) {
        Schemas.check(expected, root.getSchema(), what);
        Columns columns = new Columns(root);
        int n = root.getRowCount();
        List<T> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            try {
                rows.add(reader.read(columns, i));
            } catch (PolicyException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new PolicyInvalidRequestException(
                        what + " row " + i + " is invalid: " + e.getMessage(), e);
            }
        }
        return rows;
    }
}
