package dev.rivulet.protocol.flight;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The PEM files a {@link PolicyFlightServer} presents for TLS: its certificate chain and the
 * chain's private key (PKCS#8, unencrypted: {@code BEGIN PRIVATE KEY}, what {@code openssl req
 * -x509 -nodes} and cert-manager write).
 *
 * @param certChain PEM certificate chain, the server's certificate first
 * @param privateKey PEM private key of that certificate
 */
public record TlsFiles(Path certChain, Path privateKey) {

    /** Fails with the path when a file is missing or unreadable. */
    public TlsFiles {
        readable(certChain, "TLS certificate chain");
        readable(privateKey, "TLS private key");
    }

    private static void readable(Path file, String what) {
        Objects.requireNonNull(file, what);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(
                    what + " " + file.toAbsolutePath() + " is not a readable file");
        }
    }
}
