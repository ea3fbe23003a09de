package dev.rivulet.protocol.error;

/** The kinds of failure a policy call can end in; each maps to one Flight status code. */
public enum PolicyErrorCode {
    /** The request was malformed or violated the protocol (INVALID_ARGUMENT, UNIMPLEMENTED). */
    INVALID_REQUEST,
    /** The bearer token was missing or wrong (UNAUTHENTICATED, UNAUTHORIZED). */
    UNAUTHENTICATED,
    /** The call ran past its deadline (TIMED_OUT). */
    DEADLINE_EXCEEDED,
    /** The server could not be reached (UNAVAILABLE); the only code the client retries. */
    UNAVAILABLE,
    /** The server failed while handling a valid request (INTERNAL and everything else). */
    SERVER_ERROR
}
