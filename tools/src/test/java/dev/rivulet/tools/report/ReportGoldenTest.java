package dev.rivulet.tools.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.jobs.eval.EvalResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * summary.json and report.html of a fixture run ({@code report/golden-run}: 900 rollouts over 100 s
 * in two part files, with and without reward parts, prior and dropped rows; 30 learner steps; 4
 * evaluations; a dead letter) are byte for byte the files that the driver wrote when it kept every
 * rollout row ({@code report/golden-run/summary.json} and {@code report.html}, written by the
 * list-based RunData before the streaming aggregates replaced it). With a bin limit too small for
 * the fixture's timestamps the reward parts' windows move, and the report differs: the check can
 * fail.
 */
class ReportGoldenTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    static Path fixture() throws Exception {
        return Path.of(ReportGoldenTest.class.getResource("/report/golden-run").toURI());
    }

    /** A table's rows, part files in name order (not modification time: resources are copied). */
    static List<JsonNode> rows(String table) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(fixture().resolve("telemetry").resolve(table))) {
            for (Path f : files.sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        out.add(JSON.readTree(line));
                    }
                }
            }
        }
        return out;
    }

    static EvalResult eval(long ts, int add1, int mul3) {
        Map<String, int[]> cells = new LinkedHashMap<>();
        cells.put("add:1", new int[] {add1, 4});
        cells.put("mul:3", new int[] {mul3, 4});
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            outcomes.put("h" + i, i < (i < 4 ? add1 : 4 + mul3) ? 1 : 0);
        }
        return new EvalResult(ts, 0, cells, outcomes);
    }

    /** Not the effective config: the strategies table and its descriptions read no RunData. */
    static Map<String, String> config() {
        return Map.of("rivulet.source.seed", "7");
    }

    @Test
    void summaryAndReportEqualTheListBasedOnes() throws Exception {
        Path[] files = render(new RunData(start()));
        assertThat(Files.readString(files[0]))
                .isEqualTo(Files.readString(fixture().resolve("summary.json")));
        assertThat(Files.readString(files[1]))
                .isEqualTo(Files.readString(fixture().resolve("report.html")));
    }

    @Test
    void tooFewPartBinsMoveTheWindowsAndTheReportDiffers() throws Exception {
        Path[] files = render(new RunData(start(), 8));
        assertThat(Files.readString(files[0]))
                .isEqualTo(Files.readString(fixture().resolve("summary.json")));
        assertThat(Files.readString(files[1]))
                .isNotEqualTo(Files.readString(fixture().resolve("report.html")));
    }

    private static long start() throws Exception {
        return RunReport.startMillis(rows("evaluations"));
    }

    private Path[] render(RunData data) throws Exception {
        List<JsonNode> evaluations = rows("evaluations");
        data.addRollouts(rows("rollouts"));
        data.steps.addAll(rows("learner_steps"));
        data.evaluations.addAll(evaluations);
        data.deadLetters.addAll(rows("dead_letters"));
        ObjectNode summary =
                Summary.build(data, eval(1, 1, 0), eval(2, 3, 2), 120.5, 100.25, 30, config());
        Path summaryFile = dir.resolve("summary.json");
        Summary.write(summary, summaryFile);
        Path html = dir.resolve("report.html");
        HtmlReport.write(data, summary, html);
        return new Path[] {summaryFile, html};
    }
}
