package dev.rivulet.jobs.data;

import dev.rivulet.algo.task.DeadLetter;
import dev.rivulet.algo.task.JsonlPromptParser;
import dev.rivulet.algo.task.ParsedPrompt;
import dev.rivulet.algo.task.RowResult;
import dev.rivulet.operators.source.PromptAdmission;
import dev.rivulet.protocol.Admission;
import dev.rivulet.protocol.Prompt;
import dev.rivulet.protocol.flight.PolicyClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The driver's start-time scan of a prompt path: reads every row with the job's parser, asks the
 * model server to admit the prompts, and fails with a message that says why when the path does not
 * exist or holds no servable prompt.
 */
public final class PromptFiles {

    /** Prompts per admit call. */
    static final int CHUNK = 512;

    /** How many dead-letter reasons a failure message quotes. */
    static final int REASONS = 3;

    private PromptFiles() {}

    /**
     * The local path of {@code path} (a path or a {@code file:} URI).
     *
     * @throws IllegalArgumentException when it does not exist
     */
    public static Path requireExists(String path) {
        Path p = path.startsWith("file:") ? Path.of(URI.create(path)) : Path.of(path);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException(
                    "prompt path " + path + " does not exist (" + p.toAbsolutePath() + ")");
        }
        return p;
    }

    /** The JSONL files of {@code path}: the file itself, or a directory's files by name. */
    public static List<Path> files(Path path) {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> s = Files.list(path)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> isJsonl(p.getFileName().toString()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the prompt directory " + path, e);
        }
    }

    private static boolean isJsonl(String name) {
        return name.endsWith(".jsonl") && !name.startsWith(".") && !name.startsWith("_");
    }

    /**
     * Scans {@code path}: parses every row, admits the parsed prompts through {@code client}.
     *
     * @throws IllegalArgumentException when the path does not exist or no prompt is servable
     */
    public static PromptScan scan(
            String path, JsonlPromptParser parser, PolicyClient client, PromptAdmission admission)
            throws Exception {
        List<Path> files = files(requireExists(path));
        long rows = 0;
        long dead = 0;
        List<String> reasons = new ArrayList<>();
        List<Prompt> parsed = new ArrayList<>();
        List<String> where = new ArrayList<>();
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            int start = 0;
            long line = 0;
            while (start < bytes.length) {
                int end = start;
                while (end < bytes.length && bytes[end] != '\n') {
                    end++;
                }
                line++;
                RowResult r = parser.parse(bytes, start, end - start, f.toString(), line);
                if (r instanceof ParsedPrompt p) {
                    rows++;
                    parsed.add(p.prompt());
                    where.add(f.getFileName() + ":" + line);
                } else if (r instanceof DeadLetter d) {
                    rows++;
                    dead++;
                    if (reasons.size() < REASONS) {
                        reasons.add(f.getFileName() + ":" + line + ": " + d.reason());
                    }
                }
                start = end + 1;
            }
        }
        List<Prompt> servable = new ArrayList<>();
        for (int from = 0; from < parsed.size(); from += CHUNK) {
            List<Prompt> chunk = parsed.subList(from, Math.min(parsed.size(), from + CHUNK));
            List<Admission> answers =
                    client.admit(admission.requests(chunk)).get(10, TimeUnit.MINUTES);
            for (int i = 0; i < chunk.size(); i++) {
                Admission a = answers.get(i);
                if (a.servable()) {
                    servable.add(chunk.get(i));
                } else {
                    dead++;
                    if (reasons.size() < REASONS) {
                        reasons.add(where.get(from + i) + ": " + a.refusal());
                    }
                }
            }
        }
        PromptScan scan = new PromptScan(path, rows, servable, dead, reasons);
        if (servable.isEmpty()) {
            throw new IllegalArgumentException(scan.noServableMessage());
        }
        return scan;
    }
}
