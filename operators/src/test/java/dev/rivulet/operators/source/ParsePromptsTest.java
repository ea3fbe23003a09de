package dev.rivulet.operators.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.algo.task.FieldMapping;
import dev.rivulet.algo.task.HeldOutSplit;
import dev.rivulet.algo.task.TaskRegistry;
import dev.rivulet.operators.telemetry.DeadLetterEvent;
import dev.rivulet.protocol.Prompt;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ParsePromptsTest {

    static final int MAX_LINE_BYTES = 8192;

    static byte[] resource(String name) throws IOException {
        try (InputStream in = ParsePromptsTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    /** The outcome per line of a corpus: "ok", "blank" or a dead-letter code. */
    static List<String> expectedOutcomes(String name) throws IOException {
        return new String(resource(name), StandardCharsets.UTF_8)
                .lines()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .toList();
    }

    static ParsePrompts parsePrompts(HeldOutSplit split) {
        return new ParsePrompts(
                FieldMapping.defaults(),
                TaskRegistry.builtIn().taskIds(),
                4096,
                MAX_LINE_BYTES,
                split);
    }

    private static OneInputStreamOperatorTestHarness<SourceLine, Prompt> harness(ParsePrompts fn)
            throws Exception {
        OneInputStreamOperatorTestHarness<SourceLine, Prompt> h =
                new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(fn));
        h.open();
        return h;
    }

    private static SourceLine line(String text) {
        return new SourceLine("t.jsonl", 1, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void corpusRowsBecomePromptsOrDeadLettersWithTheirCodes() throws Exception {
        byte[] corpus = resource("/tasks/rows.jsonl");
        List<String> expected = expectedOutcomes("/tasks/rows.expected");
        // no held-out split here: every good row must come out
        try (OneInputStreamOperatorTestHarness<SourceLine, Prompt> h =
                harness(parsePrompts(new HeldOutSplit(0.0, "none")))) {
            LineReader reader =
                    new LineReader(
                            new ByteArrayInputStream(corpus), "rows.jsonl", 0, 0, MAX_LINE_BYTES);
            for (SourceLine l = reader.next(); l != null; l = reader.next()) {
                h.processElement(l, 0);
            }
            assertThat(reader.linesRead()).isEqualTo(expected.size());
            List<Prompt> prompts = h.extractOutputValues();
            List<DeadLetterEvent> dead = new ArrayList<>();
            for (StreamRecord<DeadLetterEvent> r : h.getSideOutput(ParsePrompts.DEAD_LETTERS)) {
                dead.add(r.getValue());
            }
            Map<Long, String> byLine = new TreeMap<>();
            for (DeadLetterEvent d : dead) {
                byLine.put(d.line(), d.code());
                assertThat(d.source()).isEqualTo("rows.jsonl");
                assertThat(d.reason()).startsWith(d.code() + ": ");
                assertThat(d.raw().length()).isLessThanOrEqualTo(DeadLetterEvent.MAX_TEXT_CHARS);
                byte[] utf8 = d.raw().getBytes(StandardCharsets.UTF_8);
                assertThat(new String(utf8, StandardCharsets.UTF_8)).isEqualTo(d.raw());
            }
            Map<Long, String> expectedDead = new TreeMap<>();
            for (int i = 0; i < expected.size(); i++) {
                String outcome = expected.get(i);
                if (!outcome.equals("ok") && !outcome.equals("blank")) {
                    expectedDead.put(i + 1L, outcome);
                }
            }
            assertThat(byLine).isEqualTo(expectedDead);
            assertThat(dead).hasSize(expectedDead.size());
            assertThat(prompts).hasSize((int) expected.stream().filter("ok"::equals).count());
        }
    }

    @Test
    void heldOutPromptsAreDroppedNeverEmitted() throws Exception {
        HeldOutSplit split = HeldOutSplit.defaults();
        try (OneInputStreamOperatorTestHarness<SourceLine, Prompt> h =
                harness(parsePrompts(split))) {
            int heldOut = 0;
            for (int i = 0; i < 200; i++) {
                h.processElement(
                        line(
                                "{\"prompt\":\""
                                        + i
                                        + "+7=\",\"answer\":\""
                                        + (i + 7)
                                        + "\",\"task\":\"arith\"}"),
                        0);
                if (split.isHeldOut("arith", i + "+7=")) {
                    heldOut++;
                }
            }
            assertThat(heldOut).isPositive();
            assertThat(h.extractOutputValues()).hasSize(200 - heldOut).noneMatch(split::isHeldOut);
            assertThat(h.getSideOutput(ParsePrompts.DEAD_LETTERS)).isNull();
        }
    }

    @Test
    void truncatedLinesBecomeLineTooLongDeadLetters() throws Exception {
        try (OneInputStreamOperatorTestHarness<SourceLine, Prompt> h =
                harness(parsePrompts(HeldOutSplit.defaults()))) {
            byte[] prefix = new byte[100];
            java.util.Arrays.fill(prefix, (byte) 'x');
            prefix[99] = (byte) 0xE2; // a multi-byte character cut in half
            h.processElement(new SourceLine("big.jsonl", 3, prefix, 5_000_000), 0);
            DeadLetterEvent d = h.getSideOutput(ParsePrompts.DEAD_LETTERS).poll().getValue();
            assertThat(d.code()).isEqualTo("line-too-long");
            assertThat(d.reason()).contains("5000000 bytes");
            assertThat(d.line()).isEqualTo(3);
            assertThat(d.raw()).startsWith("xxx").endsWith("\uFFFD");
        }
    }
}
