package dev.rivulet.tools.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the committed JSON-lines part files of one telemetry table incrementally: each call to
 * {@link #poll()} returns the rows committed since the previous call (in-progress files, whose
 * names start with a dot, are skipped until a checkpoint commits them).
 */
public final class TelemetryReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Map<Path, Long> offsets = new HashMap<>();

    public TelemetryReader(Path telemetryDir, String table) {
        this.dir = telemetryDir.resolve(table);
    }

    /**
     * Part files in the order they were written: by modification time, then by name with the part
     * counter compared as a number ({@code part-<uuid>-9} before {@code part-<uuid>-10}; plain
     * string order put them the other way round and made "the last row" an older one).
     */
    static final Comparator<Path> WRITE_ORDER =
            Comparator.comparingLong(TelemetryReader::modifiedMillis)
                    .thenComparing(p -> p.getFileName().toString(), NaturalOrder.INSTANCE);

    private static long modifiedMillis(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE; // gone since the listing; poll() skips it
        }
    }

    /** Rows committed since the last poll, in the order their files were written. */
    public List<JsonNode> poll() throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return rows;
        }
        List<Path> files = committedFiles();
        for (Path f : files) {
            long from = offsets.getOrDefault(f, 0L);
            long size;
            try {
                size = Files.size(f);
            } catch (java.nio.file.NoSuchFileException gone) {
                continue; // renamed or cleaned up by the sink since the listing
            }
            if (size <= from) {
                continue;
            }
            try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "r")) {
                raf.seek(from);
                byte[] buf = new byte[(int) (size - from)];
                raf.readFully(buf);
                int last = lastNewline(buf);
                if (last < 0) {
                    continue;
                }
                String text = new String(buf, 0, last + 1, StandardCharsets.UTF_8);
                for (String line : text.split("\n")) {
                    if (!line.isBlank()) {
                        rows.add(JSON.readTree(line));
                    }
                }
                offsets.put(f, from + last + 1);
            }
        }
        return rows;
    }

    /**
     * The committed part files, sorted. The sink renames in-progress files while we list, so a walk
     * can meet a file that is gone by the time it is visited: list again in that case.
     */
    private List<Path> committedFiles() throws IOException {
        for (int attempt = 0; ; attempt++) {
            try (Stream<Path> s = Files.walk(dir)) {
                return s.filter(p -> !p.getFileName().toString().startsWith("."))
                        .filter(p -> !p.getFileName().toString().startsWith("_"))
                        .filter(Files::isRegularFile)
                        .sorted(WRITE_ORDER)
                        .toList();
            } catch (java.io.UncheckedIOException e) {
                if (!(e.getCause() instanceof java.nio.file.NoSuchFileException) || attempt >= 10) {
                    throw e.getCause();
                }
            }
        }
    }

    /** Every committed row of the table (a fresh reader's first poll). */
    public static List<JsonNode> readAll(Path telemetryDir, String table) throws IOException {
        return new TelemetryReader(telemetryDir, table).poll();
    }

    private static int lastNewline(byte[] buf) {
        for (int i = buf.length - 1; i >= 0; i--) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
