package dev.rivulet.algo.task;

import java.io.Serializable;
import java.util.Objects;

/**
 * Which JSON fields of a JSONL row hold the prompt's parts.
 *
 * @param idField field of the prompt id; null or absent in a row: a stable content hash id ({@link
 *     PromptIds#of})
 * @param promptField field of the prompt text (required)
 * @param answerField field of the reference answer (required)
 * @param taskField field of the task id; null or absent in a row: {@code defaultTask}
 * @param difficultyField field of the difficulty; null or absent in a row: 0 (unknown)
 * @param defaultTask task id of rows without a task field; null makes the task field required
 * @param finalAnswerMarker when not null, the answer is the text after the last occurrence of this
 *     marker in the answer field (GSM8K: {@code "####"}), and rows without it are dead
 * @param boxedAnswer when true, the answer is the content of the last {@code \\boxed{...}} of the
 *     answer field (MATH solutions; nested braces allowed), and rows without one are dead
 */
public record FieldMapping(
        String idField,
        String promptField,
        String answerField,
        String taskField,
        String difficultyField,
        String defaultTask,
        String finalAnswerMarker,
        boolean boxedAnswer)
        implements Serializable {

    public FieldMapping {
        Objects.requireNonNull(promptField, "promptField");
        Objects.requireNonNull(answerField, "answerField");
        if (boxedAnswer && finalAnswerMarker != null) {
            throw new IllegalArgumentException(
                    "an answer is either after a marker or in \\boxed{}, not both");
        }
    }

    /** A mapping whose answer is the whole field or the text after {@code finalAnswerMarker}. */
    public FieldMapping(
            String idField,
            String promptField,
            String answerField,
            String taskField,
            String difficultyField,
            String defaultTask,
            String finalAnswerMarker) {
        this(
                idField,
                promptField,
                answerField,
                taskField,
                difficultyField,
                defaultTask,
                finalAnswerMarker,
                false);
    }

    /** Fields {@code id, prompt, answer, task, difficulty}; the task field is required. */
    public static FieldMapping defaults() {
        return new FieldMapping("id", "prompt", "answer", "task", "difficulty", null, null);
    }

    /**
     * GSM8K rows {@code {"question": ..., "answer": "...#### 72"}}: task {@code gsm8k}, answer
     * {@code "72"}, hash ids, difficulty 0.
     */
    public static FieldMapping gsm8k() {
        return new FieldMapping(null, "question", "answer", null, null, "gsm8k", "####");
    }

    /**
     * MATH rows {@code {"problem": ..., "solution": "... \\boxed{\\frac{1}{2}}"}}: task {@code
     * boxed}, answer the content of the last {@code \\boxed{}}, hash ids, difficulty 0.
     */
    public static FieldMapping math() {
        return new FieldMapping(null, "problem", "solution", null, null, "boxed", null, true);
    }

    /** This mapping with rows lacking a task field given {@code task}. */
    public FieldMapping withDefaultTask(String task) {
        return new FieldMapping(
                idField,
                promptField,
                answerField,
                taskField,
                difficultyField,
                task,
                finalAnswerMarker,
                boxedAnswer);
    }
}
