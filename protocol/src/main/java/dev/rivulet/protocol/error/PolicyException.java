package dev.rivulet.protocol.error;

import java.util.Objects;

/** Base of the typed, unchecked failures of a policy call, carrying a {@link PolicyErrorCode}. */
public abstract class PolicyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final PolicyErrorCode code;

    protected PolicyException(PolicyErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The kind of failure. */
    public PolicyErrorCode code() {
        return code;
    }
}
