package dev.rivulet.protocol.error;

/** The server could not be reached, even after the configured retries. */
public final class PolicyUnavailableException extends PolicyException {

    private static final long serialVersionUID = 1L;

    public PolicyUnavailableException(String message) {
        this(message, null);
    }

    public PolicyUnavailableException(String message, Throwable cause) {
        super(PolicyErrorCode.UNAVAILABLE, message, cause);
    }
}
