package dev.rivulet.protocol.flight;

import dev.rivulet.protocol.error.PolicyDeadlineException;
import dev.rivulet.protocol.error.PolicyException;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.protocol.error.PolicyServerException;
import dev.rivulet.protocol.error.PolicyUnauthenticatedException;
import dev.rivulet.protocol.error.PolicyUnavailableException;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;

/**
 * Maps failures to Flight status codes on the server and back to typed exceptions on the client.
 */
final class FlightErrors {

    private FlightErrors() {}

    /** The Flight status a server reports for {@code failure} while handling {@code operation}. */
    static FlightRuntimeException toFlight(String operation, Throwable failure) {
        if (failure instanceof FlightRuntimeException flight) {
            return flight;
        }
        String message = operation + ": " + describe(failure);
        CallStatus status;
        if (failure instanceof PolicyInvalidRequestException) {
            status = CallStatus.INVALID_ARGUMENT;
        } else if (failure instanceof PolicyUnauthenticatedException) {
            status = CallStatus.UNAUTHENTICATED;
        } else if (failure instanceof PolicyDeadlineException) {
            status = CallStatus.TIMED_OUT;
        } else if (failure instanceof PolicyUnavailableException) {
            status = CallStatus.UNAVAILABLE;
        } else {
            status = CallStatus.INTERNAL;
        }
        return status.withDescription(message).toRuntimeException();
    }

    /**
     * The typed exception a client raises for a failed {@code operation} after {@code attempts}.
     */
    static PolicyException fromFlight(String operation, FlightRuntimeException e, int attempts) {
        return fromFlight(operation, e, attempts, true);
    }

    /**
     * As above, for a client that connects with TLS or not: a plaintext client whose connection the
     * server closes at once is told that the server may serve TLS (what gRPC reports then is only
     * "Network closed for unknown reason").
     */
    static PolicyException fromFlight(
            String operation, FlightRuntimeException e, int attempts, boolean tls) {
        FlightStatusCode code = e.status().code();
        String detail = e.status().description();
        if (!tls
                && code == FlightStatusCode.UNAVAILABLE
                && detail != null
                && detail.contains("Network closed")) {
            detail +=
                    " (this client connects in plaintext: if the server serves TLS, connect with"
                            + " TLS and trust its certificate, rivulet.server.tls and"
                            + " rivulet.server.tls-ca)";
        }
        String message =
                operation
                        + " failed with "
                        + code
                        + (attempts > 1 ? " after " + attempts + " attempts" : "")
                        + ": "
                        + (detail == null || detail.isEmpty() ? "(no description)" : detail);
        return switch (code) {
            case INVALID_ARGUMENT, UNIMPLEMENTED, NOT_FOUND, ALREADY_EXISTS ->
                    new PolicyInvalidRequestException(message, e);
            case UNAUTHENTICATED, UNAUTHORIZED -> new PolicyUnauthenticatedException(message, e);
            case TIMED_OUT -> new PolicyDeadlineException(message, e);
            case UNAVAILABLE, CANCELLED -> new PolicyUnavailableException(message, e);
            default -> new PolicyServerException(message, e);
        };
    }

    private static String describe(Throwable failure) {
        if (failure instanceof PolicyException) {
            return failure.getMessage();
        }
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
