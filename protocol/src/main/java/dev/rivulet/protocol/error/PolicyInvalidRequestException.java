package dev.rivulet.protocol.error;

/** The request was malformed (bad schema, bad field, unknown action); retrying cannot help. */
public final class PolicyInvalidRequestException extends PolicyException {

    private static final long serialVersionUID = 1L;

    public PolicyInvalidRequestException(String message) {
        this(message, null);
    }

    public PolicyInvalidRequestException(String message, Throwable cause) {
        super(PolicyErrorCode.INVALID_REQUEST, message, cause);
    }
}
