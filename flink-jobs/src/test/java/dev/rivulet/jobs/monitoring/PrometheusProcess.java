package dev.rivulet.jobs.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (the Debian {@code prometheus} binary) as a child process with its own
 * storage directory, listening on loopback; {@link #close()} kills it. The HTTP API answers are
 * returned as JSON.
 */
final class PrometheusProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * The binary: {@code -Drivulet.prometheus=PATH}, else {@code prometheus} on the {@code PATH}
     * (Debian installs {@code /usr/bin/prometheus}).
     */
    static Optional<Path> binary() {
        String configured = System.getProperty("rivulet.prometheus", "");
        if (!configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, "prometheus");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Starts {@code binary} with {@code config}, storage under {@code dir}; waits until ready. */
    static PrometheusProcess start(Path binary, Path config, Path dir, int port, Duration timeout)
            throws Exception {
        Path storage = Files.createDirectories(dir.resolve("tsdb"));
        Path log = dir.resolve("prometheus.log");
        Process p =
                new ProcessBuilder(
                                List.of(
                                        binary.toString(),
                                        "--config.file=" + config,
                                        "--storage.tsdb.path=" + storage,
                                        "--web.listen-address=127.0.0.1:" + port))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
        // never leave a Prometheus behind when the test JVM dies before close()
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        PrometheusProcess prom = new PrometheusProcess(p, port, log);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!prom.ready()) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                String out = prom.log();
                prom.close();
                throw new IllegalStateException("Prometheus did not become ready:\n" + out);
            }
            Thread.sleep(200);
        }
        return prom;
    }

    int port() {
        return port;
    }

    /** What the process printed so far. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private boolean ready() {
        try {
            return http.send(request("/-/ready"), HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** GET {@code path} of the HTTP API; the {@code data} field of a successful answer. */
    JsonNode api(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(path), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return body.path("data");
    }

    /** The result vector of an instant query. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        return api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
                .path("result");
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
