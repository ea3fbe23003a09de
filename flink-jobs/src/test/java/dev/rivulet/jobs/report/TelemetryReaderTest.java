package dev.rivulet.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The incremental reader sees committed rows once, skips in-progress files and torn lines. */
class TelemetryReaderTest {

    @TempDir Path dir;

    @Test
    void pollsCommittedRowsIncrementally() throws Exception {
        Path table = Files.createDirectories(dir.resolve("rollouts").resolve("2026-11-27--15"));
        Files.writeString(table.resolve("part-0-0.jsonl"), "{\"a\":1}\n{\"a\":2}\n{\"a\":");
        Files.writeString(table.resolve(".part-0-1.jsonl.inprogress.x"), "{\"a\":99}\n");
        TelemetryReader reader = new TelemetryReader(dir, "rollouts");
        assertThat(reader.poll()).extracting(n -> n.path("a").asInt()).containsExactly(1, 2);
        Files.writeString(table.resolve("part-0-0.jsonl"), "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n");
        Files.writeString(table.resolve("part-0-1.jsonl"), "{\"a\":4}\n");
        assertThat(reader.poll()).extracting(n -> n.path("a").asInt()).containsExactly(3, 4);
        assertThat(reader.poll()).isEmpty();
        assertThat(TelemetryReader.readAll(dir, "missing")).isEmpty();
    }
}
