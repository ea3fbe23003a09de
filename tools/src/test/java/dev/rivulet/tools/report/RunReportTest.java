package dev.rivulet.tools.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.html rendered again from a synthetic run directory: tables, ticks, five charts. */
class RunReportTest {

    private static final long START = 1_700_000_000_000L;

    @TempDir Path run;

    private static void table(Path run, String name, List<String> rows) throws Exception {
        Path dir = run.resolve("telemetry").resolve(name);
        Files.createDirectories(dir);
        Files.write(dir.resolve("part-0-0"), rows);
    }

    private void syntheticRun() throws Exception {
        List<String> evals = new ArrayList<>();
        List<String> rollouts = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        for (int i = 0; i <= 12; i++) {
            long ts = START + 500 + i * 5_000L;
            for (int d = 1; d <= 2; d++) {
                double acc = d == 1 ? 0.9 + 0.005 * i : 0.4 + 0.02 * i;
                evals.add(
                        String.format(
                                Locale.ROOT,
                                "{\"ts\":%d,\"elapsed_s\":%.1f,\"rollouts\":%d,"
                                        + "\"cell\":\"add:%d\",\"correct\":%d,\"total\":100,"
                                        + "\"accuracy\":%.3f}",
                                ts,
                                (ts - START) / 1000.0,
                                i * 512,
                                d,
                                Math.round(acc * 100),
                                acc));
            }
            steps.add(
                    String.format(
                            Locale.ROOT,
                            "{\"ts\":%d,\"samples\":256,\"effective_gradient_ratio\":%.2f,"
                                    + "\"staleness_mean\":%.1f,\"staleness_max\":%d,"
                                    + "\"train_millis\":4000,\"policy_version\":%d}",
                            ts,
                            0.3 + 0.01 * i,
                            0.5 + 0.1 * i,
                            2 + i % 3,
                            i));
            for (int k = 0; k < 16; k++) {
                rollouts.add(
                        String.format(
                                Locale.ROOT,
                                "{\"ts\":%d,\"task\":\"add\",\"difficulty\":%d,\"reward\":%d,"
                                        + "\"prompt_id\":\"p%d\"}",
                                ts,
                                1 + k % 2,
                                (k + i) % 3 == 0 ? 0 : 1,
                                k % 5));
            }
        }
        table(run, "evaluations", evals);
        table(run, "rollouts", rollouts);
        table(run, "learner_steps", steps);
        ObjectNode summary = new ObjectMapper().createObjectNode();
        summary.put("base_accuracy", 0.65);
        summary.put("final_accuracy", 0.69123456);
        summary.putArray("improvement_ci95").add(0.0123456).add(0.0823456);
        summary.put("rollouts_per_second", 671.23456);
        summary.putObject("accuracy_by_difficulty").putObject("add:1").put("base", 0.9);
        summary.putObject("config").put("rivulet.loop.selector", "uniform");
        Files.writeString(run.resolve("summary.json"), summary.toString());
    }

    private static int count(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void rewritesTheReportWithTicksTablesAndRoundedFigures() throws Exception {
        syntheticRun();
        String html = Files.readString(RunReport.rewrite(run));
        assertThat(count(html, "<svg ")).isEqualTo(5);
        assertThat(html).doesNotContain("no data");
        assertThat(html).contains("<table>").contains("<th>final_accuracy</th><td>0.691</td>");
        assertThat(html).contains("<td>[0.012, 0.082]</td>").contains("<td>671.2</td>");
        // the accuracy chart's x axis starts at the run's start: 0.5 .. 60.5 s, ticks 10 .. 60
        assertThat(html).contains("class=\"tick-x\"");
        assertThat(html).contains(">10</text>").contains(">60</text>");
        // accuracy from 0.4 to 0.96: ticks every 0.1 between the padded limits
        assertThat(html).contains(">0.4</text>").contains(">0.9</text>");
        // one line per cell, in distinct palette colours
        assertThat(html)
                .contains("data-series=\"add:1\" fill=\"none\" stroke=\"" + Palette.color(0))
                .contains("data-series=\"add:2\" fill=\"none\" stroke=\"" + Palette.color(1));
    }

    @Test
    void startIsTheFirstEvaluationsTimeLessItsElapsedSeconds() throws Exception {
        var om = new ObjectMapper();
        assertThat(RunReport.startMillis(List.of(om.readTree("{\"ts\":1500,\"elapsed_s\":1.25}"))))
                .isEqualTo(250L);
        assertThat(RunReport.startMillis(List.of(om.readTree("{\"ts\":1500}")))).isEqualTo(1500L);
        assertThatThrownBy(() -> RunReport.rewrite(run)).hasMessageContaining("summary.json");
    }
}
