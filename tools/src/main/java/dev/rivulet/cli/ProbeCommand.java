package dev.rivulet.cli;

import dev.rivulet.protocol.Health;
import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.error.PolicyException;
import dev.rivulet.protocol.flight.PolicyClient;
import dev.rivulet.server.app.ServeCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `rivulet probe`: asks a model server for its health and version and prints them as one JSON line;
 * exits 1 when the server refuses, is down, or is not healthy.
 */
@Command(
        name = "probe",
        mixinStandardHelpOptions = true,
        description =
                "Print a model server's health and version as one JSON line; exit 1 if it refuses"
                        + " or is down.")
final class ProbeCommand implements Callable<Integer> {

    @Option(names = "--server", required = true, description = "HOST:PORT of the Flight endpoint.")
    String server;

    @Option(names = "--token-file", description = "File holding the bearer token.")
    Path tokenFile;

    @Option(
            names = "--tls",
            description = "Connect with TLS (a server started with --tls-cert/--tls-key).")
    boolean tls;

    @Option(
            names = "--tls-ca",
            paramLabel = "FILE",
            description = "PEM certificates to trust with --tls (default: the JVM's trust store).")
    Path tlsCa;

    @Option(
            names = "--timeout",
            description = "Deadline of each call, e.g. 5s (default: ${DEFAULT-VALUE}).",
            converter = DurationConverter.class)
    Duration timeout = Duration.ofSeconds(5);

    /**
     * What a probe found.
     *
     * @param ok whether the server answered and reported status ok
     * @param fields the JSON line's fields
     */
    record ProbeResult(boolean ok, Map<String, Object> fields) {}

    /** Probes {@code hostPort} in plaintext with {@code token} (may be null). */
    static ProbeResult probe(String hostPort, String token, Duration timeout) {
        return probe(hostPort, token, timeout, PolicyClient.Options.defaults());
    }

    /**
     * Probes {@code hostPort} with {@code token} (may be null), connecting as {@code connection}
     * says (plaintext or TLS; its deadline, retries and token are replaced).
     */
    static ProbeResult probe(
            String hostPort, String token, Duration timeout, PolicyClient.Options connection) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("server", hostPort);
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            out.put("ok", false);
            out.put("error", "INVALID_REQUEST");
            out.put("message", "--server must be HOST:PORT, got '" + hostPort + "'");
            return new ProbeResult(false, out);
        }
        PolicyClient.Options options =
                connection.withDeadline(timeout).withMaxRetries(0).withBearerToken(token);
        try (PolicyClient client =
                PolicyClient.connect(
                        hostPort.substring(0, colon),
                        Integer.parseInt(hostPort.substring(colon + 1)),
                        options)) {
            Health h = client.health().join();
            PolicyVersion v = client.version().join();
            boolean ok = "ok".equals(h.status());
            out.put("ok", ok);
            out.put("status", h.status());
            out.put("policy_version", v.current());
            out.put("committed_version", v.committed());
            out.put("device", h.device());
            out.put("uptime_ms", h.uptimeMillis());
            return new ProbeResult(ok, out);
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            out.put("ok", false);
            out.put("error", cause instanceof PolicyException p ? p.code().name() : "SERVER_ERROR");
            out.put("message", String.valueOf(cause.getMessage()));
            return new ProbeResult(false, out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.put("ok", false);
            out.put("error", "INTERRUPTED");
            return new ProbeResult(false, out);
        } catch (RuntimeException e) {
            out.put("ok", false);
            out.put("error", "UNAVAILABLE");
            out.put("message", String.valueOf(e.getMessage()));
            return new ProbeResult(false, out);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (tlsCa != null && !tls) {
            throw new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(this), "--tls-ca " + tlsCa + " needs --tls");
        }
        PolicyClient.Options connection = PolicyClient.Options.defaults();
        if (tls) {
            connection =
                    connection.withTls(
                            tlsCa == null
                                    ? null
                                    : java.nio.file.Files.readString(
                                            tlsCa, java.nio.charset.StandardCharsets.US_ASCII));
        }
        ProbeResult r = probe(server, ServeCommand.readToken(tokenFile), timeout, connection);
        System.out.println(Jsons.line(r.fields()));
        return r.ok() ? 0 : 1;
    }
}
