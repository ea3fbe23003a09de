package dev.rivulet.protocol.error;

/** The bearer token was missing or did not match the server's. */
public final class PolicyUnauthenticatedException extends PolicyException {

    private static final long serialVersionUID = 1L;

    public PolicyUnauthenticatedException(String message) {
        this(message, null);
    }

    public PolicyUnauthenticatedException(String message, Throwable cause) {
        super(PolicyErrorCode.UNAUTHENTICATED, message, cause);
    }
}
