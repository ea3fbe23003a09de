package dev.rivulet.operators.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.algo.task.FieldMapping;
import dev.rivulet.algo.task.HeldOutSplit;
import dev.rivulet.algo.task.JsonlPromptParser;
import dev.rivulet.algo.task.ParsedPrompt;
import dev.rivulet.algo.task.RowResult;
import dev.rivulet.algo.task.TaskRegistry;
import dev.rivulet.operators.telemetry.DeadLetterEvent;
import dev.rivulet.operators.telemetry.JsonLines;
import dev.rivulet.operators.telemetry.TelemetrySinks;
import dev.rivulet.protocol.Prompt;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSONL files through {@link JsonlFileSource} and {@link ParsePrompts} on a MiniCluster: exactly
 * once across a forced failure, dead letters with their codes, and a watched directory.
 */
class JsonlFileSourceITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final int MAX_LINE_BYTES = ParsePromptsTest.MAX_LINE_BYTES;
    private static final int GENERATED_ROWS = 600;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir Path tmp;

    private static StreamExecutionEnvironment env() {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(100));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(50));
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        return env;
    }

    /**
     * Good arith rows (some held out), two bad ones, CRLF on every third line, no final newline.
     */
    private static byte[] generatedRows() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= GENERATED_ROWS; i++) {
            if (i == 50) {
                sb.append("{\"prompt\":\"50+1=\",\"answer\":");
            } else if (i == 400) {
                sb.append("not json at all");
            } else {
                sb.append("{\"prompt\":\"")
                        .append(i)
                        .append("+1=\",\"answer\":\"")
                        .append(i + 1)
                        .append("\",\"task\":\"arith\",\"difficulty\":2}");
            }
            if (i < GENERATED_ROWS) {
                sb.append(i % 3 == 0 ? "\r\n" : "\n");
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** What the job must emit for a file: its good, non-held-out prompts. */
    private static List<Prompt> expectedPrompts(byte[] file) throws IOException {
        JsonlPromptParser parser =
                new JsonlPromptParser(
                        FieldMapping.defaults(),
                        TaskRegistry.builtIn().taskIds(),
                        4096,
                        MAX_LINE_BYTES);
        List<Prompt> out = new ArrayList<>();
        LineReader lines =
                new LineReader(new ByteArrayInputStream(file), "f", 0, 0, MAX_LINE_BYTES);
        for (SourceLine l = lines.next(); l != null; l = lines.next()) {
            if (!l.truncated()) {
                RowResult r = parser.parse(l.bytes(), "f", l.line());
                if (r instanceof ParsedPrompt p && !HeldOutSplit.defaults().isHeldOut(p.prompt())) {
                    out.add(p.prompt());
                }
            }
        }
        return out;
    }

    /** The finished (visible) part files of a telemetry table, as JSON lines. */
    private static List<String> finishedLines(Path tableDir) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(tableDir)) {
            for (Path f : files.sorted().toList()) {
                if (!f.getFileName().toString().startsWith(".")) {
                    lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
                }
            }
        }
        return lines;
    }

    @Test
    void everyGoodRowOnceAndEveryBadRowADeadLetterAcrossAFailure() throws Exception {
        Path in = Files.createDirectory(tmp.resolve("in"));
        Path out = tmp.resolve("out");
        byte[] corpus = ParsePromptsTest.resource("/tasks/rows.jsonl");
        byte[] generated = generatedRows();
        Files.write(in.resolve("a.jsonl"), corpus);
        Files.write(in.resolve("b.jsonl"), generated);
        Files.writeString(in.resolve("ignored.txt"), "not a jsonl file\n");
        FailOnceAfterCheckpoint.reset();

        StreamExecutionEnvironment env = env();
        SingleOutputStreamOperator<Prompt> prompts =
                env.fromSource(
                                new JsonlFileSource(in.toString(), null, MAX_LINE_BYTES),
                                WatermarkStrategy.noWatermarks(),
                                "jsonl")
                        .process(ParsePromptsTest.parsePrompts(HeldOutSplit.defaults()))
                        .name("parse");
        DataStream<DeadLetterEvent> dead = prompts.getSideOutput(ParsePrompts.DEAD_LETTERS);
        DataStream<Prompt> checked = prompts.map(new FailOnceAfterCheckpoint()).name("fail-once");
        TelemetrySinks.writeTo(checked, out.toString(), "prompts", Duration.ofMillis(200));
        TelemetrySinks.writeTo(
                dead, out.toString(), TelemetrySinks.DEAD_LETTERS, Duration.ofMillis(200));
        env.execute("jsonl-exactly-once");

        assertThat(FailOnceAfterCheckpoint.failed())
                .as("the job failed once after a completed checkpoint and recovered")
                .isTrue();

        List<Prompt> expected = new ArrayList<>(expectedPrompts(corpus));
        expected.addAll(expectedPrompts(generated));
        List<Prompt> written = new ArrayList<>();
        for (String line : finishedLines(out.resolve("prompts"))) {
            written.add(JsonLines.fromJson(line, Prompt.class));
        }
        assertThat(expected).hasSizeGreaterThan(GENERATED_ROWS / 2);
        assertThat(expectedPrompts(generated))
                .as("some generated rows are held out")
                .hasSizeLessThan(GENERATED_ROWS - 2);
        assertThat(written).containsExactlyInAnyOrderElementsOf(expected);

        List<String> expectedDead = new ArrayList<>();
        List<String> outcomes = ParsePromptsTest.expectedOutcomes("/tasks/rows.expected");
        for (int i = 0; i < outcomes.size(); i++) {
            if (!outcomes.get(i).equals("ok") && !outcomes.get(i).equals("blank")) {
                expectedDead.add("a.jsonl:" + (i + 1) + ":" + outcomes.get(i));
            }
        }
        expectedDead.add("b.jsonl:50:truncated-json");
        expectedDead.add("b.jsonl:400:bad-json");
        List<String> deadLines = finishedLines(out.resolve(TelemetrySinks.DEAD_LETTERS));
        List<String> deadKeys = new ArrayList<>();
        for (String line : deadLines) {
            JsonNode node = JsonLines.mapper().readTree(line);
            List<String> fields = new ArrayList<>();
            node.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("ts", "source", "line", "reason", "code", "raw");
            DeadLetterEvent d = JsonLines.fromJson(line, DeadLetterEvent.class);
            deadKeys.add(Path.of(d.source()).getFileName() + ":" + d.line() + ":" + d.code());
        }
        assertThat(deadKeys).containsExactlyInAnyOrderElementsOf(expectedDead);
    }

    @Test
    void aWatchedDirectoryPicksUpFilesAddedLater() throws Exception {
        Path in = Files.createDirectory(tmp.resolve("watched"));
        Files.writeString(in.resolve("a.jsonl"), rows("a", 10));
        CollectingSink<Prompt> sink = new CollectingSink<>("watch");

        StreamExecutionEnvironment env = env();
        env.fromSource(
                        JsonlFileSource.watching(in.toString(), Duration.ofMillis(100)),
                        WatermarkStrategy.noWatermarks(),
                        "jsonl-watch")
                .process(ParsePromptsTest.parsePrompts(new HeldOutSplit(0.0, "none")))
                .sinkTo(sink);
        JobClient job = env.executeAsync("jsonl-watch");
        try {
            List<String> seen = new ArrayList<>();
            awaitPrompts(sink.queue(), 10, seen, "the files present at start");
            // written under a hidden name, then renamed: the source never sees a partial file
            Path hidden = in.resolve(".b.jsonl.tmp");
            Files.writeString(hidden, rows("b", 5));
            Files.move(hidden, in.resolve("b.jsonl"), StandardCopyOption.ATOMIC_MOVE);
            awaitPrompts(sink.queue(), 5, seen, "the file added after start");
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                expected.add("a" + i);
            }
            for (int i = 1; i <= 5; i++) {
                expected.add("b" + i);
            }
            assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(sink.queue().poll(300, TimeUnit.MILLISECONDS))
                    .as("no file is read twice")
                    .isNull();
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private static String rows(String prefix, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            sb.append("{\"id\":\"")
                    .append(prefix)
                    .append(i)
                    .append("\",\"prompt\":\"q\",\"answer\":\"a\",\"task\":\"exact\"}\n");
        }
        return sb.toString();
    }

    private static void awaitPrompts(
            BlockingQueue<Object> queue, int count, List<String> seen, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int i = 0; i < count; i++) {
            Object next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next == null) {
                fail(
                        "timed out after %s waiting for prompt %d of %d from %s; got %s",
                        WAIT, i + 1, count, what, seen);
            }
            seen.add(((Prompt) next).id());
        }
    }

    /**
     * Passes prompts through, slowly enough for a checkpoint to complete mid-stream, and throws
     * once, on the first record after a checkpoint has completed.
     */
    static final class FailOnceAfterCheckpoint extends RichMapFunction<Prompt, Prompt>
            implements CheckpointListener {

        private static volatile boolean checkpointed;
        private static volatile boolean failed;

        static void reset() {
            checkpointed = false;
            failed = false;
        }

        static boolean failed() {
            return failed;
        }

        @Override
        public void open(OpenContext openContext) {}

        @Override
        public Prompt map(Prompt prompt) throws Exception {
            if (!failed) {
                if (checkpointed) {
                    failed = true;
                    throw new IllegalStateException("forced failure after a checkpoint");
                }
                Thread.sleep(2); // throttle until the failure so checkpoints land mid-file
            }
            return prompt;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }
}
