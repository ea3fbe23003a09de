package dev.rivulet.operators.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> readAll(LineReader reader) throws IOException {
        List<String> out = new ArrayList<>();
        for (SourceLine l = reader.next(); l != null; l = reader.next()) {
            out.add(l.line() + ":" + new String(l.bytes(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static LineReader reader(byte[] data, long offset, long lines, int max) {
        ByteArrayInputStream in = new ByteArrayInputStream(data);
        in.skip(offset);
        return new LineReader(in, "f.jsonl", offset, lines, max);
    }

    @Test
    void splitsAtNewlinesAndTracksOffsetsAndLineNumbers() throws IOException {
        byte[] data = bytes("ab\n\ncde\n");
        LineReader r = reader(data, 0, 0, 100);
        SourceLine first = r.next();
        assertThat(first.source()).isEqualTo("f.jsonl");
        assertThat(first.line()).isEqualTo(1);
        assertThat(first.bytes()).isEqualTo(bytes("ab"));
        assertThat(first.truncated()).isFalse();
        assertThat(r.offset()).isEqualTo(3);
        SourceLine blank = r.next();
        assertThat(blank.line()).isEqualTo(2);
        assertThat(blank.bytes()).isEmpty();
        assertThat(r.offset()).isEqualTo(4);
        assertThat(r.next().bytes()).isEqualTo(bytes("cde"));
        assertThat(r.offset()).isEqualTo(data.length);
        assertThat(r.linesRead()).isEqualTo(3);
        assertThat(r.next()).as("no line after the final newline").isNull();
        assertThat(r.next()).isNull();
        assertThat(r.offset()).isEqualTo(data.length);
    }

    @Test
    void dropsCarriageReturnsOfCrlfLines() throws IOException {
        LineReader r = reader(bytes("a\r\nb\r\n\r\nc\rd\r\n"), 0, 0, 100);
        assertThat(readAll(r)).containsExactly("1:a", "2:b", "3:", "4:c\rd");
        assertThat(r.offset()).isEqualTo(13);
    }

    @Test
    void readsALastLineWithoutTrailingNewline() throws IOException {
        byte[] data = bytes("x\ny");
        LineReader r = reader(data, 0, 0, 100);
        assertThat(readAll(r)).containsExactly("1:x", "2:y");
        assertThat(r.offset()).isEqualTo(3);
        assertThat(readAll(reader(bytes("x\r"), 0, 0, 100))).containsExactly("1:x");
        assertThat(readAll(reader(new byte[0], 0, 0, 100))).isEmpty();
    }

    @Test
    void restoringAtACheckpointedOffsetNeitherSkipsNorRepeats() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 500; i++) {
            sb.append("line-").append(i).append("-").append("z".repeat(i % 300));
            sb.append(i % 3 == 0 ? "\r\n" : "\n");
        }
        byte[] data = bytes(sb.toString());
        List<String> whole = readAll(reader(data, 0, 0, 1000));
        assertThat(whole).hasSize(500);
        for (int cut : new int[] {0, 1, 137, 499, 500}) {
            LineReader first = reader(data, 0, 0, 1000);
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < cut; i++) {
                SourceLine l = first.next();
                seen.add(l.line() + ":" + new String(l.bytes(), StandardCharsets.UTF_8));
            }
            seen.addAll(readAll(reader(data, first.offset(), first.linesRead(), 1000)));
            assertThat(seen).as("restored after %d lines", cut).isEqualTo(whole);
        }
    }

    @Test
    void linesSpanningTheReadBufferAreWhole() throws IOException {
        String big = "q".repeat(100_000);
        LineReader r = reader(bytes("a\n" + big + "\r\nb"), 0, 0, 200_000);
        assertThat(readAll(r)).containsExactly("1:a", "2:" + big, "3:b");
    }

    @Test
    void longLinesArriveTruncatedWithTheirTrueLength() throws IOException {
        String longLine = "x".repeat(10_000);
        byte[] data = bytes("ok\n" + longLine + "\r\nafter\n" + "y".repeat(9) + "\n");
        LineReader r = reader(data, 0, 0, 8);
        assertThat(r.next().bytes()).isEqualTo(bytes("ok"));
        SourceLine cut = r.next();
        assertThat(cut.truncated()).isTrue();
        assertThat(cut.length()).isEqualTo(10_000);
        assertThat(cut.bytes()).hasSize(8);
        assertThat(cut.line()).isEqualTo(2);
        assertThat(r.next().bytes()).isEqualTo(bytes("after"));
        SourceLine nine = r.next();
        assertThat(nine.truncated()).isTrue();
        assertThat(nine.length()).isEqualTo(9);
        assertThat(r.offset()).isEqualTo(data.length);

        SourceLine exact = reader(bytes("12345678\r\n"), 0, 0, 8).next();
        assertThat(exact.truncated()).as("the CR does not count").isFalse();
        assertThat(exact.bytes()).isEqualTo(bytes("12345678"));

        SourceLine prefix = reader(bytes(longLine), 0, 0, 9_000).next();
        assertThat(prefix.bytes()).hasSize(LineReader.TRUNCATED_PREFIX_BYTES);
        assertThat(prefix.length()).isEqualTo(10_000);
    }
}
