package dev.rivulet.jobs.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.jobs.OnlineRlJob;
import dev.rivulet.jobs.badinput.CorpusFiles.Case;
import dev.rivulet.jobs.badinput.FlightCaseRunner.Outcome;
import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.operators.telemetry.TelemetrySinks;
import dev.rivulet.protocol.LedgerEntry;
import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.flight.PolicyClient;
import dev.rivulet.server.app.ModelServer;
import dev.rivulet.server.app.ModelServerConfig;
import dev.rivulet.server.service.ServiceConfig;
import dev.rivulet.tools.report.TelemetryReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole bad-input corpus ({@code src/test/resources/bad-input}, see its README): every
 * JSONL row through the job's own prompt path ({@link OnlineRlJob#prompts}: the JSONL source and
 * ParsePrompts on a MiniCluster) must end as a dead letter with the manifest's code and reason, and
 * every Flight request against a real tiny-model server with a token must end in the manifest's
 * status code and message, change nothing (version and ledger) and leave the server healthy. A case
 * that crashes, is accepted, or ends otherwise fails the test; outcomes are printed and counted.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BadInputCorpusITCase {

    private static final String TOKEN = "corpus-token-5e1f";

    /** Longer than the JSONL source's line limit (1 MiB); generated, not kept in the repo. */
    static final int HUGE_LINE_BYTES = 3 << 19;

    @TempDir Path tmp;

    @Test
    void everyCaseIsADeadLetterOrAnErrorAndTheServerStaysUp() throws Exception {
        List<Case> cases = CorpusFiles.manifest();
        Map<String, String> problems = new LinkedHashMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, String> observed = new LinkedHashMap<>();
        runJsonl(cases.stream().filter(c -> c.kind().equals("jsonl")).toList(), observed, problems);
        runFlight(
                cases.stream().filter(c -> c.kind().equals("flight")).toList(), observed, problems);
        for (Case c : cases) {
            String outcome = observed.getOrDefault(c.name(), "NOT RUN\t");
            String code = outcome.substring(0, outcome.indexOf('\t'));
            counts.merge(c.kind() + " " + code, 1, Integer::sum);
            System.out.printf("%-6s %-36s %s%n", c.kind(), c.name(), clip(outcome));
        }
        System.out.println("bad-input outcomes by kind: " + counts);
        System.out.println(
                "bad-input cases: " + cases.size() + ", not as the manifest says: " + problems);
        assertThat(problems).as("cases that crashed, were accepted or ended otherwise").isEmpty();
    }

    private static String clip(String s) {
        String one = s.replace('\n', ' ');
        return one.length() <= 160 ? one : one.substring(0, 160) + "...";
    }

    // ---- JSONL: the job's prompt path on a MiniCluster ----

    private void runJsonl(List<Case> cases, Map<String, String> observed, Map<String, String> bad)
            throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path telemetry = tmp.resolve("telemetry");
        Files.write(in.resolve("rows.jsonl"), CorpusFiles.bytes("rows.jsonl"));
        byte[] huge = new byte[HUGE_LINE_BYTES];
        java.util.Arrays.fill(huge, (byte) '1');
        byte[] head = "{\"prompt\":\"".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, huge, 0, head.length);
        Files.write(in.resolve("huge-line.jsonl"), huge);

        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        // the parser's sanity bound at 512 characters so that the huge-prompt row meets it (the
        // default, 32768, leaves long prompts to the model's context, checked at admission)
        JobSettings settings =
                JobSettings.of(
                        Map.of(
                                "rivulet.source.prompts",
                                in.toString(),
                                "rivulet.source.max-prompt-chars",
                                "512"));
        TelemetrySinks.writeTo(
                OnlineRlJob.prompts(env, settings, telemetry.toString()),
                telemetry.toString(),
                "accepted",
                Duration.ofMillis(200));
        env.execute("bad-input-jsonl");

        for (JsonNode p : TelemetryReader.readAll(telemetry, "accepted")) {
            bad.put("accepted prompt " + p.path("id").asText(), "accepted silently: " + p);
        }
        Map<String, JsonNode> dead = new HashMap<>();
        for (JsonNode d : TelemetryReader.readAll(telemetry, TelemetrySinks.DEAD_LETTERS)) {
            String where = Path.of(d.path("source").asText()).getFileName() + ":" + d.path("line");
            if (dead.put(where, d) != null) {
                bad.put(where, "two dead letters for one line");
            }
        }
        Set<String> expected = new HashSet<>();
        for (Case c : cases) {
            expected.add(c.location());
            JsonNode d = dead.get(c.location());
            if (d == null) {
                observed.put(c.name(), "MISSING\tno dead letter for " + c.location());
                bad.put(c.name(), "no dead letter for " + c.location());
                continue;
            }
            String code = d.path("code").asText();
            String reason = d.path("reason").asText();
            observed.put(c.name(), code + "\t" + reason);
            if (!code.equals(c.expected()) || !reason.contains(c.message())) {
                bad.put(c.name(), "expected " + c.expected() + " '" + c.message() + "'");
            }
            if (!reason.startsWith(code + ": ")) {
                bad.put(c.name(), "reason does not start with its code: " + reason);
            }
        }
        for (String where : dead.keySet()) {
            if (!expected.contains(where)) {
                bad.put(where, "a dead letter the manifest does not list: " + dead.get(where));
            }
        }
    }

    // ---- Flight: a real tiny-model server with a token ----

    private void runFlight(List<Case> cases, Map<String, String> observed, Map<String, String> bad)
            throws Exception {
        Map<String, JsonNode> requests = CorpusFiles.flightCases();
        assertThat(cases.stream().map(Case::name).toList())
                .as("every case of flight.jsonl is in the manifest, once")
                .containsExactlyInAnyOrderElementsOf(requests.keySet());
        ServiceConfig service =
                ServiceConfig.defaults()
                        .withModelSize("tiny")
                        .withSeed(7)
                        .withLearningRate(1e-2)
                        .withLimits(16, 8, 4);
        try (ModelServer server =
                        ModelServer.start(ModelServerConfig.local(service).withBearerToken(TOKEN));
                BufferAllocator allocator = new RootAllocator();
                FlightClient raw =
                        FlightClient.builder(
                                        allocator,
                                        Location.forGrpcInsecure("127.0.0.1", server.port()))
                                .build();
                PolicyClient client =
                        PolicyClient.connect(
                                "127.0.0.1",
                                server.port(),
                                PolicyClient.Options.defaults()
                                        .withDeadline(Duration.ofSeconds(60))
                                        .withMaxRetries(0)
                                        .withBearerToken(TOKEN))) {
            FlightCaseRunner runner = new FlightCaseRunner(raw, allocator, TOKEN);
            // controls: the templates every case starts from are accepted as they are
            for (String control :
                    List.of(
                            "{\"case\":\"control-train\",\"put\":\"train\"}",
                            "{\"case\":\"control-generate\",\"exchange\":\"generate\"}",
                            "{\"case\":\"control-score\",\"action\":\"score\",\"body\":"
                                    + "\"[{\\\"sequenceId\\\":\\\"s\\\",\\\"promptTokens\\\":"
                                    + "[1,4,13,4,19],\\\"responseTokens\\\":[5,2]}]\"}")) {
                Outcome o = runner.run(CorpusFiles.parse(control));
                assertThat(o.code()).as("control " + control + ": " + o).isEqualTo("ACCEPTED");
            }
            PolicyVersion version = client.version().join();
            List<LedgerEntry> ledger = client.ledger().join();
            assertThat(version.current()).isEqualTo(1);
            for (Case c : cases) {
                Outcome o;
                try {
                    o = runner.run(requests.get(c.name()));
                } catch (RuntimeException e) {
                    o = new Outcome("CRASHED", e.toString());
                }
                observed.put(c.name(), o.code() + "\t" + o.message());
                if (!o.code().equals(c.expected()) || !o.message().contains(c.message())) {
                    bad.put(c.name(), "expected " + c.expected() + " '" + c.message() + "'");
                }
                // still serving, and nothing was applied
                String after = "";
                if (!client.health().join().status().equals("ok")) {
                    after = "unhealthy after the case";
                } else if (!client.version().join().equals(version)) {
                    after = "version changed to " + client.version().join();
                } else if (!client.ledger().join().equals(ledger)) {
                    after = "ledger changed";
                }
                if (!after.isEmpty()) {
                    bad.put(c.name() + " (after)", after);
                }
            }
            assertThat(client.generate(List.of(request())).join()).hasSize(1);
            assertThat(scrape(server.metricsPort()))
                    .containsPattern(
                            "rivulet_server_errors_total\\{code=\"INVALID_REQUEST\"\\} [1-9]");
        }
    }

    private static dev.rivulet.protocol.GenerationRequest request() {
        return new dev.rivulet.protocol.GenerationRequest(
                "after", "p-after", "1+1=", 1, 1.0f, 1.0f, 4, 42, true);
    }

    private static String scrape(int port) throws Exception {
        HttpResponse<String> r =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + "/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        return r.body();
    }
}
