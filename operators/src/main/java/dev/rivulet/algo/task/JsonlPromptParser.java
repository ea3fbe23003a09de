package dev.rivulet.algo.task;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.rivulet.protocol.Prompt;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns one JSONL line (raw bytes) into a {@link Prompt} or a {@link DeadLetter} with a clear
 * reason; never throws on bad input.
 *
 * <p>Checks, in order (the first failure wins): line length in bytes, strict UTF-8 (a leading BOM
 * and a trailing CR are dropped), JSON syntax (truncated input, trailing tokens and duplicate keys
 * included), a top-level object, then the mapped fields: prompt (string, not blank, at most {@code
 * maxPromptChars} code points), answer (string or number, not blank, after the final-answer marker
 * when the mapping has one), task (string, a known id), difficulty (integer, not negative; absent:
 * 0), id (string or integer, not blank; absent: {@link PromptIds#of}). Unknown fields are ignored.
 * Whitespace-only lines give a {@link BlankLine}. Thread-safe.
 */
public final class JsonlPromptParser {

    public static final int DEFAULT_MAX_PROMPT_CHARS = 4096;
    public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;

    /** How much of a bad row a dead letter keeps. */
    public static final int MAX_RAW_CHARS = 2048;

    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .build();

    private final FieldMapping mapping;
    private final Set<String> knownTasks;
    private final int maxPromptChars;
    private final int maxLineBytes;

    /** A parser for rows laid out as {@code mapping} says, accepting only {@code knownTasks}. */
    public JsonlPromptParser(
            FieldMapping mapping,
            Collection<String> knownTasks,
            int maxPromptChars,
            int maxLineBytes) {
        if (maxPromptChars < 1 || maxLineBytes < 1) {
            throw new IllegalArgumentException(
                    "maxPromptChars and maxLineBytes must be positive, got "
                            + maxPromptChars
                            + " and "
                            + maxLineBytes);
        }
        this.mapping = mapping;
        this.knownTasks = Set.copyOf(new TreeSet<>(knownTasks));
        this.maxPromptChars = maxPromptChars;
        this.maxLineBytes = maxLineBytes;
        if (mapping.defaultTask() != null && !this.knownTasks.contains(mapping.defaultTask())) {
            throw new IllegalArgumentException(
                    "default task '"
                            + mapping.defaultTask()
                            + "' is not a known task: "
                            + knownTasks);
        }
    }

    /** A parser with the built-in task ids and the default limits. */
    public static JsonlPromptParser create(FieldMapping mapping) {
        return new JsonlPromptParser(
                mapping,
                TaskRegistry.builtIn().taskIds(),
                DEFAULT_MAX_PROMPT_CHARS,
                DEFAULT_MAX_LINE_BYTES);
    }

    public FieldMapping mapping() {
        return mapping;
    }

    /** Parses a whole line (without its line terminator). */
    public RowResult parse(byte[] line, String source, long lineNumber) {
        return parse(line, 0, line.length, source, lineNumber);
    }

    /** Parses {@code length} bytes of {@code buffer} from {@code offset} as one line. */
    public RowResult parse(byte[] buffer, int offset, int length, String source, long lineNumber) {
        if (length > maxLineBytes) {
            return dead(
                    source,
                    lineNumber,
                    RowProblem.LINE_TOO_LONG,
                    length + " bytes > max " + maxLineBytes,
                    lossy(buffer, offset, Math.min(length, MAX_RAW_CHARS * 4)));
        }
        if (length >= 3
                && buffer[offset] == (byte) 0xEF
                && buffer[offset + 1] == (byte) 0xBB
                && buffer[offset + 2] == (byte) 0xBF) {
            offset += 3;
            length -= 3;
        }
        if (length > 0 && buffer[offset + length - 1] == '\r') {
            length--;
        }
        String text;
        CharsetDecoder decoder =
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.wrap(buffer, offset, length);
        try {
            text = decoder.decode(bytes).toString();
        } catch (CharacterCodingException e) {
            return dead(
                    source,
                    lineNumber,
                    RowProblem.INVALID_UTF8,
                    "malformed UTF-8 at byte " + (bytes.position() - offset),
                    lossy(buffer, offset, length));
        }
        if (text.isBlank()) {
            return new BlankLine(source, lineNumber);
        }
        try {
            return parseJson(text, source, lineNumber);
        } catch (RowException e) {
            return dead(source, lineNumber, e.problem(), e.getMessage(), text);
        }
    }

    private ParsedPrompt parseJson(String text, String source, long lineNumber) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            // the streaming parser reports EOF as JsonEOFException, the tree builder by message
            boolean truncated =
                    e instanceof JsonEOFException
                            || String.valueOf(e.getOriginalMessage())
                                    .startsWith("Unexpected end-of-input");
            throw new RowException(
                    truncated ? RowProblem.TRUNCATED_JSON : RowProblem.BAD_JSON,
                    firstLine(e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new RowException(
                    RowProblem.NOT_AN_OBJECT,
                    "expected a JSON object, got " + (root == null ? "nothing" : kind(root)));
        }
        String prompt = requiredString(root, mapping.promptField());
        if (prompt.isBlank()) {
            throw new RowException(
                    RowProblem.EMPTY_PROMPT, "field '" + mapping.promptField() + "' is blank");
        }
        int chars = prompt.codePointCount(0, prompt.length());
        if (chars > maxPromptChars) {
            throw new RowException(
                    RowProblem.PROMPT_TOO_LONG, chars + " chars > max " + maxPromptChars);
        }
        Answer answer = answer(root);
        String task = task(root);
        int difficulty = difficulty(root);
        String id = id(root, task, prompt);
        return new ParsedPrompt(
                new Prompt(id, task, difficulty, prompt, answer.answer(), answer.solution()));
    }

    /**
     * A row's reference answer and the worked solution it came with: GSM8K's rationale before the
     * final-answer marker (the {@code "#### 72"} line dropped), MATH's whole solution (its {@code
     * \boxed{}} included); {@code ""} for an answer given alone.
     */
    private record Answer(String answer, String solution) {}

    private Answer answer(JsonNode root) {
        String field = mapping.answerField();
        JsonNode node = present(root, field);
        if (node == null) {
            throw new RowException(RowProblem.MISSING_FIELD, "no '" + field + "'");
        }
        String answer;
        if (node.isTextual()) {
            answer = node.textValue();
        } else if (node.isIntegralNumber()) {
            answer = node.bigIntegerValue().toString();
        } else if (node.isNumber()) {
            answer = node.decimalValue().toPlainString();
        } else {
            throw wrongType(field, "a string or number", node);
        }
        String solution = "";
        String marker = mapping.finalAnswerMarker();
        if (marker != null) {
            int at = answer.lastIndexOf(marker);
            if (at < 0) {
                throw new RowException(
                        RowProblem.MISSING_FINAL_ANSWER, "no '" + marker + "' in '" + field + "'");
            }
            solution = answer.substring(0, at).strip();
            answer = answer.substring(at + marker.length());
        }
        if (mapping.boxedAnswer()) {
            String boxed = BoxedAnswer.last(answer);
            if (boxed == null) {
                throw new RowException(
                        RowProblem.MISSING_FINAL_ANSWER, "no '\\boxed{...}' in '" + field + "'");
            }
            solution = answer.strip();
            answer = boxed;
        }
        answer = answer.strip();
        if (answer.isEmpty()) {
            throw new RowException(RowProblem.EMPTY_ANSWER, "field '" + field + "' is blank");
        }
        return new Answer(answer, solution);
    }

    private String task(JsonNode root) {
        JsonNode node = mapping.taskField() == null ? null : present(root, mapping.taskField());
        String task;
        if (node == null) {
            if (mapping.defaultTask() == null) {
                throw new RowException(
                        RowProblem.MISSING_FIELD, "no '" + mapping.taskField() + "'");
            }
            task = mapping.defaultTask();
        } else if (node.isTextual()) {
            task = node.textValue();
        } else {
            throw wrongType(mapping.taskField(), "a string", node);
        }
        if (!knownTasks.contains(task)) {
            throw new RowException(
                    RowProblem.UNKNOWN_TASK,
                    "unknown task '"
                            + task
                            + "'; known tasks: "
                            + String.join(", ", new TreeSet<>(knownTasks)));
        }
        return task;
    }

    private int difficulty(JsonNode root) {
        String field = mapping.difficultyField();
        JsonNode node = field == null ? null : present(root, field);
        if (node == null) {
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw wrongType(field, "a 32-bit integer", node);
        }
        int d = node.intValue();
        if (d < 0) {
            throw new RowException(RowProblem.NEGATIVE_DIFFICULTY, "field '" + field + "' is " + d);
        }
        return d;
    }

    private String id(JsonNode root, String task, String prompt) {
        String field = mapping.idField();
        JsonNode node = field == null ? null : present(root, field);
        if (node == null) {
            return PromptIds.of(task, prompt);
        }
        String id;
        if (node.isTextual()) {
            id = node.textValue().strip();
        } else if (node.isIntegralNumber()) {
            id = node.bigIntegerValue().toString();
        } else {
            throw wrongType(field, "a string or integer", node);
        }
        if (id.isEmpty()) {
            throw new RowException(RowProblem.EMPTY_ID, "field '" + field + "' is blank");
        }
        return id;
    }

    private String requiredString(JsonNode root, String field) {
        JsonNode node = present(root, field);
        if (node == null) {
            throw new RowException(RowProblem.MISSING_FIELD, "no '" + field + "'");
        }
        if (!node.isTextual()) {
            throw wrongType(field, "a string", node);
        }
        return node.textValue();
    }

    /** The field's node, or null when it is absent or JSON null. */
    private static JsonNode present(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? null : node;
    }

    private static RowException wrongType(String field, String expected, JsonNode got) {
        return new RowException(
                RowProblem.WRONG_TYPE,
                "field '" + field + "' must be " + expected + ", got " + kind(got));
    }

    private static String kind(JsonNode node) {
        if (node.isIntegralNumber()) {
            return "integer " + truncate(node.asText(), 40);
        }
        if (node.isNumber()) {
            return "number " + truncate(node.asText(), 40);
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "array";
            case OBJECT -> "object";
            case BOOLEAN -> "boolean";
            case STRING -> "string";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable JSON";
        }
        List<String> lines = message.lines().toList();
        if (lines.isEmpty()) {
            return "unreadable JSON";
        }
        String first = lines.get(0);
        int location = first.indexOf(" (start marker at ");
        return truncate(location < 0 ? first : first.substring(0, location), 200);
    }

    private static String lossy(byte[] buffer, int offset, int length) {
        return new String(buffer, offset, length, StandardCharsets.UTF_8);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    private static DeadLetter dead(
            String source, long line, RowProblem problem, String detail, String raw) {
        return new DeadLetter(
                source, line, problem.code() + ": " + detail, truncate(raw, MAX_RAW_CHARS));
    }
}
