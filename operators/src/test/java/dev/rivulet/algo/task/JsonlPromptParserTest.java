package dev.rivulet.algo.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.protocol.Prompt;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class JsonlPromptParserTest {

    private final JsonlPromptParser parser =
            new JsonlPromptParser(
                    FieldMapping.defaults(), TaskRegistry.builtIn().taskIds(), 4096, 8192);

    @Test
    void corpusOfGoodAndBadRowsGivesTheExpectedOutcomePerLine() throws IOException {
        Map<String, Integer> counts = runCorpus(parser, "rows");
        assertThat(counts)
                .containsExactlyInAnyOrderEntriesOf(
                        new TreeMap<>(
                                Map.ofEntries(
                                        Map.entry("ok", 8),
                                        Map.entry("blank", 2),
                                        Map.entry("bad-json", 6),
                                        Map.entry("truncated-json", 3),
                                        Map.entry("not-an-object", 4),
                                        Map.entry("wrong-type", 7),
                                        Map.entry("missing-field", 4),
                                        Map.entry("empty-prompt", 2),
                                        Map.entry("prompt-too-long", 1),
                                        Map.entry("line-too-long", 1),
                                        Map.entry("empty-answer", 1),
                                        Map.entry("invalid-utf8", 4),
                                        Map.entry("unknown-task", 2),
                                        Map.entry("negative-difficulty", 1),
                                        Map.entry("empty-id", 1))));
    }

    @Test
    void gsm8kCorpusTakesTheFinalAnswer() throws IOException {
        JsonlPromptParser gsm = JsonlPromptParser.create(FieldMapping.gsm8k());
        Map<String, Integer> counts = runCorpus(gsm, "gsm8k");
        assertThat(counts)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "ok", 2,
                                "missing-final-answer", 1,
                                "empty-answer", 1,
                                "missing-field", 1));
        byte[] row =
                "{\"question\":\"Q?\",\"answer\":\"48/2 = 24\\n#### 72\"}"
                        .getBytes(StandardCharsets.UTF_8);
        Prompt p = ((ParsedPrompt) gsm.parse(row, "gsm8k.jsonl", 1)).prompt();
        assertThat(p.task()).isEqualTo("gsm8k");
        assertThat(p.answer()).isEqualTo("72");
        assertThat(p.text()).isEqualTo("Q?");
        assertThat(p.difficulty()).isZero();
        assertThat(p.id()).isEqualTo(PromptIds.of("gsm8k", "Q?"));
    }

    @Test
    void goodRowsBecomePromptsWithMappedFields() {
        Prompt p =
                parseOk(
                        "{\"id\":\"a1\",\"prompt\":\"12+3=\",\"answer\":\"15\",\"task\":\"arith\",\"difficulty\":1}");
        assertThat(p).isEqualTo(new Prompt("a1", "arith", 1, "12+3=", "15"));
        Prompt hashed =
                parseOk("{\"prompt\":\"sort 3 1 2=\",\"answer\":\"1 2 3\",\"task\":\"sort\"}");
        assertThat(hashed.id()).isEqualTo(PromptIds.of("sort", "sort 3 1 2="));
        assertThat(hashed.difficulty()).isZero();
        assertThat(parseOk("{\"id\":7,\"prompt\":\"q\",\"answer\":42,\"task\":\"exact\"}"))
                .isEqualTo(new Prompt("7", "exact", 0, "q", "42"));
        assertThat(
                        parseOk(
                                        "{\"prompt\":\"caf\\u00e9 😀\",\"answer\":\"ok\",\"task\":\"exact\"}")
                                .text())
                .isEqualTo("café 😀");
    }

    @Test
    void deadLettersCarrySourceLineReasonAndRaw() {
        byte[] row =
                "{\"prompt\":\"1+1=\",\"answer\":\"2\",\"task\":\"math\"}"
                        .getBytes(StandardCharsets.UTF_8);
        DeadLetter d = (DeadLetter) parser.parse(row, "data/a.jsonl", 17);
        assertThat(d.source()).isEqualTo("data/a.jsonl");
        assertThat(d.line()).isEqualTo(17);
        assertThat(d.code()).isEqualTo("unknown-task");
        assertThat(d.reason()).contains("'math'").contains("arith, boxed, countdown");
        assertThat(d.raw()).isEqualTo(new String(row, StandardCharsets.UTF_8));
    }

    @Test
    void invalidUtf8ReportsTheBytePositionAndKeepsALossyRaw() {
        byte[] row = {'{', '"', 'p', '"', ':', '"', (byte) 0xE9, '"', '}'};
        DeadLetter d = (DeadLetter) parser.parse(row, "s", 1);
        assertThat(d.reason()).isEqualTo("invalid-utf8: malformed UTF-8 at byte 6");
        assertThat(d.raw()).contains("\uFFFD");
    }

    @Test
    void parsesASliceOfABuffer() {
        byte[] buffer =
                "xx{\"prompt\":\"1+1=\",\"answer\":\"2\",\"task\":\"arith\"}yy"
                        .getBytes(StandardCharsets.UTF_8);
        RowResult r = parser.parse(buffer, 2, buffer.length - 4, "s", 3);
        assertThat(r).isInstanceOf(ParsedPrompt.class);
    }

    @Test
    void hugeRawRowsAreCutInDeadLetters() {
        byte[] row = ("[\"" + "z".repeat(6000) + "\"]").getBytes(StandardCharsets.UTF_8);
        DeadLetter d = (DeadLetter) parser.parse(row, "s", 1);
        assertThat(d.code()).isEqualTo("not-an-object");
        assertThat(d.raw().length()).isLessThanOrEqualTo(JsonlPromptParser.MAX_RAW_CHARS + 3);
    }

    @Test
    void unknownDefaultTaskFailsAtConstruction() {
        assertThatThrownBy(
                        () ->
                                JsonlPromptParser.create(
                                        FieldMapping.defaults().withDefaultTask("math")))
                .hasMessageContaining("math");
    }

    private Prompt parseOk(String json) {
        RowResult r = parser.parse(json.getBytes(StandardCharsets.UTF_8), "t", 1);
        assertThat(r).as(String.valueOf(r)).isInstanceOf(ParsedPrompt.class);
        return ((ParsedPrompt) r).prompt();
    }

    /** Parses tasks/NAME.jsonl, checks each line against tasks/NAME.expected, counts outcomes. */
    private static Map<String, Integer> runCorpus(JsonlPromptParser parser, String name)
            throws IOException {
        byte[] data = resource(name + ".jsonl");
        List<String> expected =
                new String(resource(name + ".expected"), StandardCharsets.UTF_8)
                        .lines()
                        .filter(l -> !l.startsWith("#"))
                        .toList();
        List<byte[]> lines = splitLines(data);
        assertThat(lines).hasSameSizeAs(expected);
        Map<String, Integer> counts = new TreeMap<>();
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            RowResult r = parser.parse(lines.get(i), name + ".jsonl", i + 1);
            String outcome;
            if (r instanceof ParsedPrompt) {
                outcome = "ok";
            } else if (r instanceof BlankLine) {
                outcome = "blank";
            } else {
                DeadLetter d = (DeadLetter) r;
                assertThat(d.line()).isEqualTo(i + 1);
                assertThat(d.reason()).startsWith(d.code() + ": ");
                outcome = d.code();
            }
            counts.merge(outcome, 1, Integer::sum);
            if (!outcome.equals(expected.get(i))) {
                mismatches.add("line " + (i + 1) + ": expected " + expected.get(i) + ", got " + r);
            }
        }
        assertThat(mismatches).isEmpty();
        return counts;
    }

    private static List<byte[]> splitLines(byte[] data) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n') {
                out.add(Arrays.copyOfRange(data, start, i));
                start = i + 1;
            }
        }
        if (start < data.length) {
            out.add(Arrays.copyOfRange(data, start, data.length));
        }
        return out;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = JsonlPromptParserTest.class.getResourceAsStream("/tasks/" + name)) {
            assertThat(in).as("resource tasks/" + name).isNotNull();
            return in.readAllBytes();
        }
    }
}
