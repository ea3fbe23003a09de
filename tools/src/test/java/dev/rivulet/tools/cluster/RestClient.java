package dev.rivulet.tools.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JobManager REST calls of a web submission: upload a jar, run its main with arguments (the
 * main runs in the JobManager with the cluster's configuration, as in application mode), cancel.
 */
final class RestClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RestClient(String base) {
        this.base = base;
    }

    /** Uploads {@code jar}; returns its id for {@link #runJar}. */
    String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "rivulet-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                                + jar.getFileName()
                                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(URI.create(base + "/jars/upload"))
                                .timeout(Duration.ofSeconds(60))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("jar upload answered " + r.statusCode() + ": " + r.body());
        }
        String file = JSON.readTree(r.body()).path("filename").asText();
        return Path.of(file).getFileName().toString();
    }

    /** Runs the uploaded jar's {@code entryClass} with {@code args}; the raw answer. */
    HttpResponse<String> runJar(String jarId, String entryClass, List<String> args)
            throws IOException, InterruptedException {
        String body =
                JSON.writeValueAsString(
                        Map.of(
                                "entryClass",
                                entryClass,
                                "programArgsList",
                                args,
                                "parallelism",
                                2));
        return http.send(
                HttpRequest.newBuilder(URI.create(base + "/jars/" + jarId + "/run"))
                        .timeout(Duration.ofSeconds(120))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Cancels a job (no answer is awaited beyond the request's acceptance). */
    void cancel(String jobId) throws IOException, InterruptedException {
        http.send(
                HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel"))
                        .timeout(Duration.ofSeconds(30))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }
}
