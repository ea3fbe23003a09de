package dev.rivulet.algo.task;

/**
 * Stable dead-letter codes for prompts the model server refuses, read from the server's refusal
 * message ({@code "too long: ..."}, {@code "cannot be tokenized: ..."}).
 */
public final class Refusals {

    /** The prompt's tokens plus the new tokens exceed the model's context. */
    public static final String TOO_LONG = "prompt-too-long";

    /** The prompt's text cannot be encoded by the model's tokenizer (or template). */
    public static final String UNTOKENIZABLE = "untokenizable";

    /** Any other refusal of the server. */
    public static final String REFUSED = "server-refused";

    private Refusals() {}

    /** The code of a server refusal message. */
    public static String code(String refusal) {
        if (refusal == null) {
            return REFUSED;
        }
        if (refusal.contains("too long: ")) {
            return TOO_LONG;
        }
        if (refusal.contains("cannot be tokenized")) {
            return UNTOKENIZABLE;
        }
        return REFUSED;
    }

    /** A dead-letter reason: {@code <code>: <refusal>}. */
    public static String reason(String refusal) {
        return code(refusal) + ": " + refusal;
    }
}
