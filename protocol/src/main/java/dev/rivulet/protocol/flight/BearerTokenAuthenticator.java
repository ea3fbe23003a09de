package dev.rivulet.protocol.flight;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;

/**
 * Accepts a call only if its {@code Authorization: Bearer <token>} header matches the configured
 * token, compared in constant time over SHA-256 digests (so neither content nor length leaks).
 */
final class BearerTokenAuthenticator implements CallHeaderAuthenticator {

    static final String PEER = "rivulet-client";

    private final byte[] expectedDigest;

    BearerTokenAuthenticator(String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("bearer token must not be empty");
        }
        this.expectedDigest = sha256(token);
    }

    @Override
    public AuthResult authenticate(CallHeaders headers) {
        String header = headers.get(Auth2Constants.AUTHORIZATION_HEADER);
        if (header == null) {
            throw CallStatus.UNAUTHENTICATED
                    .withDescription("missing bearer token (Authorization header)")
                    .toRuntimeException();
        }
        String presented =
                header.startsWith(Auth2Constants.BEARER_PREFIX)
                        ? header.substring(Auth2Constants.BEARER_PREFIX.length())
                        : "";
        if (!MessageDigest.isEqual(expectedDigest, sha256(presented))) {
            throw CallStatus.UNAUTHENTICATED
                    .withDescription("invalid bearer token")
                    .toRuntimeException();
        }
        return () -> PEER;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
