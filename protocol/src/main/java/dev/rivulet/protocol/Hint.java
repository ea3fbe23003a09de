package dev.rivulet.protocol;

/**
 * Guidance that conditions a generation request without being trained on as the policy's own: the
 * server generates from the prompt with the hint placed as {@link #kind} says, returns the plain
 * prompt's token ids and the behaviour log-probs under the hinted context.
 *
 * <ul>
 *   <li>{@value #ANSWER_PREFIX}: the text opens the answer; it is appended after the assistant turn
 *       starts (after the raw prompt) and the response holds only what the policy wrote after it.
 *       The reward scores prefix + written text.
 *   <li>{@value #IN_CONTEXT}: the text (a worked solution, its first sentences, an example, a note
 *       on the answer) is placed before the prompt inside the user turn: {@code hint + "\n\n" +
 *       prompt} in a chat user message, {@code hint + "\n" + prompt} for a raw prompt. The reward
 *       scores the written text.
 * </ul>
 *
 * @param kind {@value #NONE_KIND} for no hint, {@value #ANSWER_PREFIX} or {@value #IN_CONTEXT}
 * @param text the hint text; empty exactly when the kind is {@value #NONE_KIND}
 * @param level the hint level (tier) that produced it, {@code >= 0}; 0 for no hint
 */
public record Hint(String kind, String text, int level) {

    /** Kind of the absent hint. */
    public static final String NONE_KIND = "";

    /** Kind: the text is a prefix of the answer, placed after the assistant turn starts. */
    public static final String ANSWER_PREFIX = "answer-prefix";

    /** Kind: the text is placed before the prompt in the user turn. */
    public static final String IN_CONTEXT = "in-context";

    /** No hint: the request is generated from the plain prompt. */
    public static final Hint NONE = new Hint(NONE_KIND, "", 0);

    public Hint {
        Checks.notNull(kind, "hint kind");
        Checks.notNull(text, "hint text");
        if (!NONE_KIND.equals(kind) && !ANSWER_PREFIX.equals(kind) && !IN_CONTEXT.equals(kind)) {
            throw new IllegalArgumentException(
                    "hint kind must be '"
                            + ANSWER_PREFIX
                            + "', '"
                            + IN_CONTEXT
                            + "' or empty (none), got '"
                            + kind
                            + "'");
        }
        if (NONE_KIND.equals(kind) != text.isEmpty()) {
            throw new IllegalArgumentException(
                    "a hint has text exactly when it has a kind, got kind '"
                            + kind
                            + "' with "
                            + (text.isEmpty() ? "no text" : "text '" + text + "'"));
        }
        if (level < 0) {
            throw new IllegalArgumentException("hint level must be >= 0, got " + level);
        }
    }

    /** An answer-prefix hint of tier {@code level}. */
    public static Hint answerPrefix(String text, int level) {
        return new Hint(ANSWER_PREFIX, text, level);
    }

    /** An in-context hint of tier {@code level}. */
    public static Hint inContext(String text, int level) {
        return new Hint(IN_CONTEXT, text, level);
    }

    /**
     * The hint of an encoded row: a null or empty kind is {@link #NONE} (rows written before hints
     * existed carry no hint columns).
     */
    public static Hint of(String kind, String text, Integer level) {
        if (kind == null || kind.isEmpty()) {
            return NONE;
        }
        return new Hint(kind, text == null ? "" : text, level == null ? 0 : level);
    }

    /** Whether there is a hint. */
    public boolean present() {
        return !kind.isEmpty();
    }

    /** Whether the hint opens the answer (its text is part of the answer the reward scores). */
    public boolean isAnswerPrefix() {
        return ANSWER_PREFIX.equals(kind);
    }

    /**
     * The text the reward scores for a response the policy wrote under this hint: prefix + written
     * text for an answer prefix, the written text otherwise.
     */
    public String answerText(String written) {
        return isAnswerPrefix() ? text + written : written;
    }
}
