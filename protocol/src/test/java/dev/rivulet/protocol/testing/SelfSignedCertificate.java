package dev.rivulet.protocol.testing;

import dev.rivulet.protocol.flight.TlsFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, generated at test time by
 * the {@code openssl} command (a day's validity, RSA 2048, unencrypted PKCS#8 key).
 *
 * @param files the certificate and key as a server presents them
 * @param pem the certificate's PEM text, what a client trusts
 */
public record SelfSignedCertificate(TlsFiles files, String pem) {

    /** Generates one into {@code dir} ({@code cert.pem}, {@code key.pem}). */
    public static SelfSignedCertificate generate(Path dir)
            throws IOException, InterruptedException {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        List<String> command =
                List.of(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-keyout",
                        key.toString(),
                        "-out",
                        cert.toString(),
                        "-days",
                        "1",
                        "-subj",
                        "/CN=localhost",
                        "-addext",
                        "subjectAltName=DNS:localhost,IP:127.0.0.1");
        Process p =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("openssl.log").toFile())
                        .start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(
                    "openssl req failed: "
                            + Files.readString(dir.resolve("openssl.log"), StandardCharsets.UTF_8));
        }
        return new SelfSignedCertificate(
                new TlsFiles(cert, key), Files.readString(cert, StandardCharsets.US_ASCII));
    }
}
