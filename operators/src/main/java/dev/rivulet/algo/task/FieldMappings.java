package dev.rivulet.algo.task;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves the {@code rivulet.data.fields} setting: a preset name ({@code default}, {@code gsm8k},
 * {@code math}) or a general mapping such as {@code prompt=question,answer=solution,task=kind}.
 * Anything else is an error that lists what is known; nothing falls back silently.
 */
public final class FieldMappings {

    /** The preset names, in the order the error message lists them. */
    public static final List<String> PRESETS = List.of("default", "gsm8k", "math");

    /** Keys of a general mapping. */
    public static final Set<String> KEYS =
            Set.of("prompt", "answer", "task", "id", "difficulty", "answer-format");

    /** Values of {@code answer-format}: the whole field, after {@code ####}, or in boxed. */
    public static final List<String> ANSWER_FORMATS = List.of("whole", "gsm8k", "boxed");

    private static final String HELP =
            "known presets: "
                    + String.join(", ", PRESETS)
                    + "; or a mapping prompt=FIELD,answer=FIELD[,task=FIELD][,id=FIELD]"
                    + "[,difficulty=FIELD][,answer-format=whole|gsm8k|boxed]";

    private FieldMappings() {}

    /**
     * The mapping named by {@code spec}; rows without a task field get {@code defaultTask} (the
     * {@code gsm8k} and {@code math} presets have their own tasks, {@code gsm8k} and {@code
     * boxed}).
     *
     * @throws IllegalArgumentException for an unknown preset or a malformed mapping, listing the
     *     known names
     */
    public static FieldMapping parse(String spec, String defaultTask) {
        String s = spec == null ? "" : spec.strip();
        switch (s) {
            case "default":
                return FieldMapping.defaults().withDefaultTask(defaultTask);
            case "gsm8k":
                return FieldMapping.gsm8k();
            case "math":
                return FieldMapping.math();
            default:
                break;
        }
        if (!s.contains("=")) {
            throw new IllegalArgumentException("unknown field mapping '" + spec + "'; " + HELP);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : s.split(",", -1)) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part.strip() : part.substring(0, eq).strip();
            String value = eq < 0 ? "" : part.substring(eq + 1).strip();
            if (eq < 0 || key.isEmpty() || value.isEmpty()) {
                throw new IllegalArgumentException(
                        "malformed field mapping '"
                                + spec
                                + "': '"
                                + part
                                + "' is not key=FIELD; "
                                + HELP);
            }
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(
                        "field mapping '" + spec + "': unknown key '" + key + "'; " + HELP);
            }
            if (fields.put(key, value) != null) {
                throw new IllegalArgumentException(
                        "field mapping '" + spec + "': key '" + key + "' given twice; " + HELP);
            }
        }
        for (String required : List.of("prompt", "answer")) {
            if (!fields.containsKey(required)) {
                throw new IllegalArgumentException(
                        "field mapping '" + spec + "' has no " + required + "=FIELD; " + HELP);
            }
        }
        String format = fields.getOrDefault("answer-format", "whole");
        if (!ANSWER_FORMATS.contains(format)) {
            throw new IllegalArgumentException(
                    "field mapping '"
                            + spec
                            + "': unknown answer-format '"
                            + format
                            + "'; "
                            + HELP);
        }
        return new FieldMapping(
                fields.get("id"),
                fields.get("prompt"),
                fields.get("answer"),
                fields.get("task"),
                fields.get("difficulty"),
                defaultTask,
                "gsm8k".equals(format) ? "####" : null,
                "boxed".equals(format));
    }
}
