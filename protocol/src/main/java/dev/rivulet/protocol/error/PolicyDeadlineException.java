package dev.rivulet.protocol.error;

/** The call did not finish before its deadline. */
public final class PolicyDeadlineException extends PolicyException {

    private static final long serialVersionUID = 1L;

    public PolicyDeadlineException(String message) {
        this(message, null);
    }

    public PolicyDeadlineException(String message, Throwable cause) {
        super(PolicyErrorCode.DEADLINE_EXCEEDED, message, cause);
    }
}
