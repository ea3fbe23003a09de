package dev.rivulet.tools.report;

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

    @Test
    void readsPartFilesInTheOrderTheyWereWritten() throws Exception {
        Path table = Files.createDirectories(dir.resolve("learner_steps"));
        java.nio.file.attribute.FileTime t0 =
                java.nio.file.attribute.FileTime.fromMillis(1_000_000);
        for (int i : new int[] {0, 1, 2, 9, 10, 11}) {
            Path f = table.resolve("part-abc-" + i + ".jsonl");
            Files.writeString(f, "{\"step\":" + i + "}\n");
            // the same second for all: the part counter, compared as a number, decides
            Files.setLastModifiedTime(f, t0);
        }
        Path other = table.resolve("part-0aa-0.jsonl"); // a newer sink instance, written later
        Files.writeString(other, "{\"step\":12}\n");
        Files.setLastModifiedTime(other, java.nio.file.attribute.FileTime.fromMillis(2_000_000));
        assertThat(TelemetryReader.readAll(dir, "learner_steps"))
                .extracting(n -> n.path("step").asInt())
                .containsExactly(0, 1, 2, 9, 10, 11, 12);
    }

    @Test
    void naturalOrderComparesDigitRunsAsNumbers() {
        assertThat(NaturalOrder.INSTANCE.compare("part-9.jsonl", "part-10.jsonl")).isNegative();
        assertThat(NaturalOrder.INSTANCE.compare("part-010", "part-9")).isPositive();
        assertThat(NaturalOrder.INSTANCE.compare("a-1", "a-1")).isZero();
        assertThat(NaturalOrder.INSTANCE.compare("a", "a-1")).isNegative();
    }
}
