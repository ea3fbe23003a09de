package dev.rivulet.algo.task;

/**
 * A row that could not become a prompt, with where it came from and why.
 *
 * @param source the file or stream the row came from
 * @param line its 1-based line number
 * @param reason {@code <code>: <detail>}, the code being one of {@link RowProblem}'s, for example
 *     {@code "missing-field: no 'answer'"}
 * @param raw the row as text (invalid UTF-8 replaced by U+FFFD), cut to {@link
 *     JsonlPromptParser#MAX_RAW_CHARS} characters
 */
public record DeadLetter(String source, long line, String reason, String raw) implements RowResult {

    /** The reason's code, the part before the first {@code ": "}. */
    public String code() {
        int colon = reason.indexOf(": ");
        return colon < 0 ? reason : reason.substring(0, colon);
    }
}
