package dev.rivulet.operators.telemetry;

import dev.rivulet.algo.task.DeadLetter;
import dev.rivulet.algo.task.Refusals;

/**
 * One input row that could not become a prompt, as the SQL table {@code dead_letters} sees it.
 *
 * @param ts wall-clock milliseconds when the row was rejected
 * @param source the file (or stream) the row came from
 * @param line its 1-based line number
 * @param reason {@code <code>: <detail>}, at most {@link #MAX_TEXT_CHARS} characters
 * @param code the stable reason code, for example {@code missing-field}
 * @param raw the start of the row as text (invalid bytes replaced by U+FFFD), at most {@link
 *     #MAX_TEXT_CHARS} characters and always valid UTF-8
 */
public record DeadLetterEvent(
        long ts, String source, long line, String reason, String code, String raw) {

    /** How many characters of the reason and the raw row an event keeps. */
    public static final int MAX_TEXT_CHARS = 400;

    /** The event for a parser's dead letter, with reason and raw cut to size. */
    public static DeadLetterEvent of(long ts, DeadLetter letter) {
        return new DeadLetterEvent(
                ts,
                letter.source(),
                letter.line(),
                safeText(letter.reason(), MAX_TEXT_CHARS),
                letter.code(),
                safeText(letter.raw(), MAX_TEXT_CHARS));
    }

    /**
     * The event for a prompt the model server refused: source {@code prompt:<id>}, line 0, the
     * reason {@code <code>: <refusal>} with a code of {@link Refusals}, and the prompt text as raw.
     */
    public static DeadLetterEvent refused(long ts, String promptId, String refusal, String text) {
        return new DeadLetterEvent(
                ts,
                "prompt:" + promptId,
                0,
                safeText(Refusals.reason(refusal), MAX_TEXT_CHARS),
                Refusals.code(refusal),
                safeText(text, MAX_TEXT_CHARS));
    }

    /**
     * {@code text} cut to at most {@code maxChars} UTF-16 chars without splitting a surrogate pair,
     * with unpaired surrogates replaced by U+FFFD so that it encodes as valid UTF-8.
     */
    public static String safeText(String text, int maxChars) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars));
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int width = Character.charCount(cp);
            if (out.length() + width > maxChars) {
                break;
            }
            if (width == 1 && Character.isSurrogate((char) cp)) {
                out.append('\uFFFD');
            } else {
                out.appendCodePoint(cp);
            }
            i += width;
        }
        return out.toString();
    }
}
