package dev.rivulet.protocol.arrow;

import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Arrow schemas of the record batches exchanged with the model server, and their check. */
public final class Schemas {

    /** Schema metadata key holding a train batch's id. */
    public static final String BATCH_ID_KEY = "rivulet.batch_id";

    /** Optional schema metadata key holding a train batch's expected base policy version. */
    public static final String BASE_VERSION_KEY = "rivulet.base_version";

    /** Optional schema metadata key holding the server lineage a train batch expects. */
    public static final String LINEAGE_KEY = "rivulet.lineage";

    /** Schema metadata key holding a train batch's normalise-advantages flag. */
    public static final String NORMALIZE_ADVANTAGES_KEY = "rivulet.normalize_advantages";

    static final String REQUEST_ID = "request_id";
    static final String PROMPT_ID = "prompt_id";
    static final String PROMPT = "prompt";
    static final String NUM_SAMPLES = "num_samples";
    static final String TEMPERATURE = "temperature";
    static final String TOP_P = "top_p";
    static final String MAX_NEW_TOKENS = "max_new_tokens";
    static final String SEED = "seed";
    static final String GREEDY = "greedy";
    static final String TEMPLATE = "template";
    static final String SYSTEM_PROMPT = "system_prompt";
    static final String SAMPLE_INDEX = "sample_index";
    static final String PROMPT_TOKENS = "prompt_tokens";
    static final String TOKENS = "tokens";
    static final String LOGPROBS = "logprobs";
    static final String TEXT = "text";
    static final String POLICY_VERSION = "policy_version";
    static final String FINISH_REASON = "finish_reason";
    static final String ROLLOUT_ID = "rollout_id";
    static final String BATCH_ID = "batch_id";
    static final String TASK = "task";
    static final String DIFFICULTY = "difficulty";
    static final String RESPONSE_TOKENS = "response_tokens";
    static final String BEHAVIOUR_LOGPROBS = "behaviour_logprobs";
    static final String REWARD = "reward";
    static final String ADVANTAGE = "advantage";
    static final String GROUP_ID = "group_id";
    static final String TOKEN_ADVANTAGES = "token_advantages";
    static final String GROUP_SIZE = "group_size";
    static final String ENTROPIES = "entropies";
    static final String SEQUENCE_ID = "sequence_id";
    static final String HINT_KIND = "hint_kind";
    static final String HINT_TEXT = "hint_text";
    static final String HINT_LEVEL = "hint_level";

    /**
     * One row per {@code GenerationRequest}. The trailing hint columns are optional (nullable): a
     * batch without them, or with nulls in them, carries no hint, as before hints existed.
     */
    public static final Schema GENERATION_REQUEST =
            new Schema(
                    List.of(
                            utf8(REQUEST_ID),
                            utf8(PROMPT_ID),
                            utf8(PROMPT),
                            int32(NUM_SAMPLES),
                            float32(TEMPERATURE),
                            float32(TOP_P),
                            int32(MAX_NEW_TOKENS),
                            int64(SEED),
                            bool(GREEDY),
                            utf8(TEMPLATE),
                            utf8(SYSTEM_PROMPT),
                            optional(utf8(HINT_KIND)),
                            optional(utf8(HINT_TEXT)),
                            optional(int32(HINT_LEVEL))));

    /** One row per {@code Completion}; the finish reason is the enum constant's name. */
    public static final Schema COMPLETION =
            new Schema(
                    List.of(
                            utf8(REQUEST_ID),
                            utf8(PROMPT_ID),
                            int32(SAMPLE_INDEX),
                            int32List(PROMPT_TOKENS),
                            int32List(TOKENS),
                            float32List(LOGPROBS),
                            utf8(TEXT),
                            int64(POLICY_VERSION),
                            utf8(FINISH_REASON),
                            float32List(ENTROPIES)));

    /**
     * One row per {@code ScoredRollout}; a train batch uses these fields with its id and flag in
     * the schema metadata (see {@link #trainBatch}). The trailing hint columns are optional: a row
     * without them is a plain rollout.
     */
    public static final Schema TRAIN_ROW =
            new Schema(
                    List.of(
                            utf8(ROLLOUT_ID),
                            utf8(PROMPT_ID),
                            utf8(TASK),
                            int32(DIFFICULTY),
                            int32List(PROMPT_TOKENS),
                            int32List(RESPONSE_TOKENS),
                            float32List(BEHAVIOUR_LOGPROBS),
                            float64(REWARD),
                            float64(ADVANTAGE),
                            int64(POLICY_VERSION),
                            utf8(GROUP_ID),
                            float32List(TOKEN_ADVANTAGES),
                            int32(GROUP_SIZE),
                            optional(utf8(HINT_KIND)),
                            optional(int32(HINT_LEVEL))));

    /** One row per {@code ScoreRequest}. */
    public static final Schema SCORE_REQUEST =
            new Schema(
                    List.of(
                            utf8(SEQUENCE_ID),
                            int32List(PROMPT_TOKENS),
                            int32List(RESPONSE_TOKENS)));

    /** One row per {@code ScoreResult}. */
    public static final Schema SCORE_RESULT =
            new Schema(List.of(utf8(SEQUENCE_ID), float32List(LOGPROBS), int64(POLICY_VERSION)));

    /** One row per {@code LedgerEntry} (the {@code ledger} stream). */
    public static final Schema LEDGER =
            new Schema(List.of(utf8(ROLLOUT_ID), utf8(BATCH_ID), int64(POLICY_VERSION)));

    private Schemas() {}

    /**
     * The train-row schema carrying a batch's id, normalise flag and (when {@code baseVersion >=
     * 0}) expected base version as metadata.
     */
    public static Schema trainBatch(String batchId, boolean normalizeAdvantages, long baseVersion) {
        return trainBatch(batchId, normalizeAdvantages, baseVersion, "");
    }

    /**
     * The train-row schema carrying a batch's id, normalise flag and, where set, its expected base
     * version ({@code >= 0}) and lineage (non-empty) as metadata.
     */
    public static Schema trainBatch(
            String batchId, boolean normalizeAdvantages, long baseVersion, String lineage) {
        Map<String, String> meta = new java.util.LinkedHashMap<>();
        meta.put(BATCH_ID_KEY, batchId);
        meta.put(NORMALIZE_ADVANTAGES_KEY, Boolean.toString(normalizeAdvantages));
        if (baseVersion >= 0) {
            meta.put(BASE_VERSION_KEY, Long.toString(baseVersion));
        }
        if (lineage != null && !lineage.isEmpty()) {
            meta.put(LINEAGE_KEY, lineage);
        }
        return new Schema(TRAIN_ROW.getFields(), meta);
    }

    /** The train-row schema carrying a batch's id and normalise flag as metadata. */
    public static Schema trainBatch(String batchId, boolean normalizeAdvantages) {
        return new Schema(
                TRAIN_ROW.getFields(),
                Map.of(
                        BATCH_ID_KEY,
                        batchId,
                        NORMALIZE_ADVANTAGES_KEY,
                        Boolean.toString(normalizeAdvantages)));
    }

    /**
     * Checks that {@code actual} has the fields of {@code expected}, in order, by name and type
     * (nullability, list child names and metadata are not compared); trailing fields that {@code
     * expected} declares nullable (optional columns added later) may be absent.
     *
     * @throws PolicyInvalidRequestException naming the expected and the actual fields
     */
    public static void check(Schema expected, Schema actual, String what) {
        if (actual == null || !compatible(expected.getFields(), actual.getFields())) {
            throw new PolicyInvalidRequestException(
                    what
                            + " schema mismatch: expected fields "
                            + describe(expected)
                            + " but got "
                            + (actual == null ? "no schema" : describe(actual)));
        }
    }

    /** A compact description of a schema's fields, for example {@code [seed: int64]}. */
    public static String describe(Schema schema) {
        return schema.getFields().stream()
                .map(Schemas::describe)
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String describe(Field field) {
        return field.getName() + ": " + typeName(field);
    }

    private static String typeName(Field field) {
        ArrowType type = field.getType();
        if (type instanceof ArrowType.List && field.getChildren().size() == 1) {
            return "list<" + typeName(field.getChildren().get(0)) + ">";
        }
        if (type instanceof ArrowType.Int i) {
            return (i.getIsSigned() ? "int" : "uint") + i.getBitWidth();
        }
        if (type instanceof ArrowType.FloatingPoint f) {
            return switch (f.getPrecision()) {
                case HALF -> "float16";
                case SINGLE -> "float32";
                case DOUBLE -> "float64";
            };
        }
        if (type instanceof ArrowType.Utf8) {
            return "utf8";
        }
        if (type instanceof ArrowType.Bool) {
            return "bool";
        }
        return type.toString();
    }

    private static boolean compatible(List<Field> expected, List<Field> actual) {
        if (actual.size() > expected.size()) {
            return false;
        }
        for (int i = actual.size(); i < expected.size(); i++) {
            if (!expected.get(i).isNullable()) {
                return false;
            }
        }
        for (int i = 0; i < actual.size(); i++) {
            Field e = expected.get(i);
            Field a = actual.get(i);
            if (!e.getName().equals(a.getName()) || !sameType(e, a)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameType(Field e, Field a) {
        if (!e.getType().equals(a.getType()) || e.getChildren().size() != a.getChildren().size()) {
            return false;
        }
        for (int i = 0; i < e.getChildren().size(); i++) {
            if (!sameType(e.getChildren().get(i), a.getChildren().get(i))) {
                return false;
            }
        }
        return true;
    }

    private static Field utf8(String name) {
        return leaf(name, ArrowType.Utf8.INSTANCE);
    }

    private static Field bool(String name) {
        return leaf(name, ArrowType.Bool.INSTANCE);
    }

    private static Field int32(String name) {
        return leaf(name, new ArrowType.Int(32, true));
    }

    private static Field int64(String name) {
        return leaf(name, new ArrowType.Int(64, true));
    }

    private static Field float32(String name) {
        return leaf(name, new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE));
    }

    private static Field float64(String name) {
        return leaf(name, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
    }

    private static Field int32List(String name) {
        return list(name, int32("item"));
    }

    private static Field float32List(String name) {
        return list(name, float32("item"));
    }

    private static Field list(String name, Field item) {
        List<Field> children = new ArrayList<>();
        children.add(item);
        return new Field(name, FieldType.notNullable(ArrowType.List.INSTANCE), children);
    }

    private static Field optional(Field field) {
        return new Field(field.getName(), FieldType.nullable(field.getType()), field.getChildren());
    }

    private static Field leaf(String name, ArrowType type) {
        return new Field(name, FieldType.notNullable(type), null);
    }
}
