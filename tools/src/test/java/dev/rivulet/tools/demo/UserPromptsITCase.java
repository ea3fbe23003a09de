package dev.rivulet.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.algo.task.HeldOutSplit;
import dev.rivulet.algo.task.PromptIds;
import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.server.app.ModelServer;
import dev.rivulet.server.app.ModelServerConfig;
import dev.rivulet.server.service.ServiceConfig;
import dev.rivulet.tools.report.TelemetryReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's code path ({@link TrainingRun} on a MiniCluster) against the real DJL server (tiny
 * model, context 16) with a user's prompt file that mixes good rows, rows too long for the context,
 * rows the character vocabulary cannot encode and malformed JSON: the run lasts the asked time,
 * trains only on good rows, evaluates on held-out rows of the file, and every bad row is a dead
 * letter with its reason. A missing path and a file without a servable row fail at start.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class UserPromptsITCase {

    private static final double HELD_OUT = 0.2;

    @TempDir static Path serverDir;
    @TempDir Path dir;

    private static ModelServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server =
                ModelServer.start(
                        ModelServerConfig.local(
                                        ServiceConfig.defaults()
                                                .withModelSize("tiny")
                                                .withCheckpointDir(serverDir.resolve("server")))
                                .withMetricsPort(-1));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static PolicyEndpoint endpoint() {
        return PolicyEndpoint.local(server.port());
    }

    private static JobSettings settings(Path prompts) {
        return JobSettings.of(
                Map.of(
                        "rivulet.source.prompts", prompts.toString(),
                        "rivulet.eval.heldout-fraction", Double.toString(HELD_OUT),
                        "rivulet.loop.max-new-tokens", "4",
                        "rivulet.loop.prompts-per-call", "8",
                        "rivulet.learner.batch-size", "32",
                        "rivulet.learner.min-batch", "16",
                        "rivulet.learner.max-staleness", "1000"));
    }

    private TrainingRun.Options options(Path out, Duration duration, JobSettings s) {
        return new TrainingRun.Options(
                out,
                duration,
                s,
                4,
                Duration.ofSeconds(10),
                2,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void trainsOnTheGoodRowsEvaluatesHeldOutRowsAndDeadLettersTheRest() throws Exception {
        List<String> lines = new ArrayList<>();
        Map<Integer, String> badLines = new LinkedHashMap<>(); // line -> expected code
        Set<String> good = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            String prompt = (i % 10) + "+" + (i / 10) + "=";
            lines.add("{\"prompt\":\"" + prompt + "\",\"answer\":\"" + (i % 10 + i / 10) + "\"}");
            good.add(PromptIds.of("exact", prompt));
            if (i % 12 == 5) {
                lines.add("{\"prompt\":\"123456789+" + i + "=\",\"answer\":\"1\"}");
                badLines.put(lines.size(), "prompt-too-long");
            }
            if (i % 20 == 7) {
                lines.add("{\"prompt\":\"" + i + "€+1=\",\"answer\":\"1\"}");
                badLines.put(lines.size(), "untokenizable");
                lines.add("{\"prompt\":\"三+" + i + "=\",\"answer\":\"1\"}");
                badLines.put(lines.size(), "untokenizable");
            }
            if (i % 25 == 3) {
                lines.add("{\"prompt\":\"1+1=\",\"answer\"");
                badLines.put(lines.size(), "truncated-json");
                lines.add("{prompt: 1}");
                badLines.put(lines.size(), "bad-json");
            }
        }
        Path file = dir.resolve("mixed.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        HeldOutSplit split = new HeldOutSplit(HELD_OUT, HeldOutSplit.DEFAULT_SALT);
        Set<String> heldOutIds = new HashSet<>();
        Set<String> trainIds = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            String prompt = (i % 10) + "+" + (i / 10) + "=";
            (split.isHeldOut("exact", prompt) ? heldOutIds : trainIds)
                    .add(PromptIds.of("exact", prompt));
        }
        assertThat(heldOutIds).as("the split holds some rows out").isNotEmpty();
        assertThat(good).hasSize(60);

        Path out = dir.resolve("run");
        Duration asked = Duration.ofSeconds(25);
        long t0 = System.nanoTime();
        RunResult r = TrainingRun.run(options(out, asked, settings(file)), endpoint());
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(tookMillis).as("the run lasted the asked time").isGreaterThan(asked.toMillis());

        Path telemetry = out.resolve("telemetry");
        List<JsonNode> steps = TelemetryReader.readAll(telemetry, "learner_steps");
        assertThat(steps).as("learner steps").isNotEmpty();
        assertThat(r.summary().path("policy_version").asLong()).isPositive();
        List<JsonNode> rollouts = TelemetryReader.readAll(telemetry, "rollouts");
        assertThat(rollouts).isNotEmpty();
        Set<String> rolledOut = new HashSet<>();
        rollouts.forEach(x -> rolledOut.add(x.path("prompt_id").asText()));
        assertThat(trainIds)
                .as("rollouts come only from good training rows")
                .containsAll(rolledOut);

        List<JsonNode> evals = TelemetryReader.readAll(telemetry, "evaluations");
        assertThat(evals).isNotEmpty();
        for (JsonNode e : evals) {
            assertThat(e.path("cell").asText()).isEqualTo("exact");
            assertThat(e.path("total").asInt())
                    .as("every evaluation scores the held-out rows of the file")
                    .isEqualTo(heldOutIds.size());
        }

        Map<Long, JsonNode> dead = new HashMap<>();
        for (JsonNode d : TelemetryReader.readAll(telemetry, "dead_letters")) {
            if (d.path("source").asText().endsWith("mixed.jsonl")) {
                assertThat(dead.put(d.path("line").asLong(), d))
                        .as("one dead letter per row: " + d)
                        .isNull();
            }
        }
        assertThat(dead.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        badLines.keySet().stream().map(Integer::longValue).toList());
        for (Map.Entry<Integer, String> e : badLines.entrySet()) {
            JsonNode d = dead.get((long) e.getKey());
            assertThat(d.path("code").asText()).as(d.toString()).isEqualTo(e.getValue());
            assertThat(d.path("reason").asText()).startsWith(e.getValue() + ": ");
        }
        int tooLong =
                badLines.entrySet().stream()
                        .filter(e -> e.getValue().equals("prompt-too-long"))
                        .findFirst()
                        .orElseThrow()
                        .getKey();
        assertThat(dead.get((long) tooLong).path("reason").asText())
                .contains("too long: 13 prompt tokens + 4 new tokens > context 16");
        assertThat(r.summary().path("dead_letters").asLong())
                .isGreaterThanOrEqualTo(badLines.size());
    }

    @Test
    void aMissingPathFailsAtStartNamingIt() {
        Path missing = dir.resolve("nowhere.jsonl");
        assertThatThrownBy(
                        () ->
                                TrainingRun.run(
                                        options(
                                                dir.resolve("run"),
                                                Duration.ofMinutes(1),
                                                settings(missing)),
                                        endpoint()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prompt path " + missing + " does not exist");
    }

    @Test
    void aFileWithoutAServableRowFailsAtStart() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.write(
                file,
                List.of(
                        "{\"prompt\":\"123456789012345+1=\",\"answer\":\"1\"}",
                        "{\"prompt\":\"1€=\",\"answer\":\"1\"}",
                        "{\"prompt\":"),
                StandardCharsets.UTF_8);
        assertThatThrownBy(
                        () ->
                                TrainingRun.run(
                                        options(
                                                dir.resolve("run"),
                                                Duration.ofMinutes(1),
                                                settings(file)),
                                        endpoint()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no servable prompt in " + file + ": 3 rows, 3 dead letters")
                .hasMessageContaining("too long: ")
                .hasMessageContaining("cannot be tokenized");
    }
}
