package dev.rivulet.protocol.error;

/** The server failed while handling a well-formed request. */
public final class PolicyServerException extends PolicyException {

    private static final long serialVersionUID = 1L;

    public PolicyServerException(String message) {
        this(message, null);
    }

    public PolicyServerException(String message, Throwable cause) {
        super(PolicyErrorCode.SERVER_ERROR, message, cause);
    }
}
