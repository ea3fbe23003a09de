package dev.rivulet.protocol;

/**
 * The server's answer to whether it can serve one generation request: the prompt's length in tokens
 * and, when it cannot, why.
 *
 * @param requestId the request this answers
 * @param promptTokens the prompt's length in tokens as the server encodes it; 0 when it cannot be
 *     encoded
 * @param refusal why the request cannot be served (for example {@code "too long: 70 prompt tokens +
 *     16 new tokens > context 64"} or {@code "cannot be tokenized: ..."}); null when it can
 */
public record Admission(String requestId, int promptTokens, String refusal) {

    public Admission {
        Checks.notEmpty(requestId, "requestId");
        if (promptTokens < 0) {
            throw new IllegalArgumentException("promptTokens must be >= 0, got " + promptTokens);
        }
    }

    /** An admission of a servable request. */
    public static Admission servable(String requestId, int promptTokens) {
        return new Admission(requestId, promptTokens, null);
    }

    /** A refusal with its reason. */
    public static Admission refused(String requestId, int promptTokens, String reason) {
        Checks.notEmpty(reason, "reason");
        return new Admission(requestId, promptTokens, reason);
    }

    /** Whether the server can serve the request. */
    public boolean servable() {
        return refusal == null;
    }
}
