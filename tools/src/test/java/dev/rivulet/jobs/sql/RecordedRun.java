package dev.rivulet.jobs.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.operators.testing.ArithAnswerer;
import dev.rivulet.operators.testing.TestPolicyServer;
import dev.rivulet.protocol.testing.DeterministicPolicyService;
import dev.rivulet.tools.demo.RunResult;
import dev.rivulet.tools.demo.TrainingRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Records a short embedded training run against the deterministic test server, reading prompts from
 * a JSONL file that also holds malformed rows, so that every telemetry table has rows.
 */
final class RecordedRun {

    /** Malformed rows the run must turn into dead letters (three different reason codes). */
    static final List<String> BAD_ROWS =
            List.of(
                    "not json at all",
                    "{\"prompt\":\"1+1=\",\"task\":\"arith\"}",
                    "{\"answer\":\"2\",\"task\":\"arith\"}",
                    "{\"prompt\":\"1+1=\",\"answer\":\"2\",\"task\":\"math\"}",
                    "[1, 2,");

    private RecordedRun() {}

    /** The project's {@code sql/} directory, seen from the module directory the tests run in. */
    static Path sqlDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("sql").resolve("ddl"))) {
                return p.resolve("sql");
            }
        }
        throw new IllegalStateException("no sql/ddl above " + Path.of("").toAbsolutePath());
    }

    /** Runs for {@code duration} into {@code out} and returns the summary. */
    static JsonNode record(Path out, Duration duration) throws Exception {
        return record(out, duration, Map.of());
    }

    /** {@link #record(Path, Duration)} with more job options (e.g. Kafka telemetry). */
    static JsonNode record(Path out, Duration duration, Map<String, String> extra)
            throws Exception {
        Path prompts = out.resolve("prompts");
        Files.createDirectories(prompts);
        List<String> lines = new ArrayList<>();
        Random rnd = new Random(42);
        for (int i = 0; i < 240; i++) {
            int digits = 1 + i % 3;
            int bound = (int) Math.pow(10, digits);
            int a = rnd.nextInt(bound);
            int b = rnd.nextInt(bound);
            lines.add(
                    String.format(
                            "{\"id\":\"p%d\",\"prompt\":\"%d+%d=\",\"answer\":\"%d\",\"task\":\"arith\",\"difficulty\":%d}",
                            i, a, b, a + b, digits));
            if (i % 24 == 5) {
                // a wrong reference answer: the test server can never be scored correct
                lines.add(
                        String.format(
                                "{\"id\":\"u%d\",\"prompt\":\"%d+%d=\",\"answer\":\"%d\",\"task\":\"arith\",\"difficulty\":%d}",
                                i, a, b, a + b + 7, digits));
            }
            if (i % 50 == 7) {
                lines.add(BAD_ROWS.get((i / 50) % BAD_ROWS.size()));
            }
        }
        Files.write(prompts.resolve("train.jsonl"), lines, StandardCharsets.UTF_8);
        Path run = out.resolve("run");
        try (var server =
                new TestPolicyServer(new DeterministicPolicyService(new ArithAnswerer()))) {
            Map<String, String> options =
                    new java.util.LinkedHashMap<>(
                            Map.of(
                                    "rivulet.source.prompts", prompts.toString(),
                                    "rivulet.source.watch-interval", "1 s",
                                    "rivulet.source.mix", "arith:1-3",
                                    "rivulet.learner.batch-size", "32",
                                    "rivulet.learner.min-batch", "16",
                                    "rivulet.learner.max-staleness", "1000"));
            options.putAll(extra);
            JobSettings settings = JobSettings.of(options);
            RunResult r =
                    TrainingRun.run(
                            new TrainingRun.Options(
                                    run,
                                    duration,
                                    settings,
                                    4,
                                    Duration.ofSeconds(4),
                                    2,
                                    new PrintStream(
                                            new ByteArrayOutputStream(),
                                            true,
                                            StandardCharsets.UTF_8)),
                            server.endpoint());
            return r.summary();
        }
    }
}
