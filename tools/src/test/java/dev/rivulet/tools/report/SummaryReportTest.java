package dev.rivulet.tools.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.jobs.eval.EvalResult;
import dev.rivulet.jobs.eval.SampledEval;
import dev.rivulet.jobs.options.JobSettings;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * summary.json and report.html over hand-written telemetry: the sampled evaluation's figures, the
 * reward parts (and their absence in older telemetry), and the strategies table.
 */
class SummaryReportTest {

    private static final Offset<Double> EXACT = Offset.offset(1e-12);
    private static final long START = 1_000_000 - 5_000;

    @TempDir Path dir;

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(SummaryReportTest.class.getResource("/report/" + name).toURI());
    }

    private static RunData data(String fixture) throws Exception {
        RunData d = new RunData(START);
        d.addRollouts(TelemetryReader.readAll(fixture(fixture), "rollouts"));
        return d;
    }

    /** Two cells of two prompts; greedy 1 of 2 right in each; n = 4 samples. */
    private static EvalResult eval(long ts, int[] easy, int[] hard, boolean sampled) {
        Map<String, int[]> cells = new LinkedHashMap<>();
        cells.put("arith:1", new int[] {1, 2});
        cells.put("arith:2", new int[] {1, 2});
        Map<String, Integer> outcomes = Map.of("a", 1, "b", 0, "c", 1, "d", 0);
        if (!sampled) {
            return new EvalResult(ts, 0, cells, outcomes);
        }
        Map<String, int[]> correct = new LinkedHashMap<>();
        correct.put("arith:1", easy);
        correct.put("arith:2", hard);
        return new EvalResult(ts, 0, cells, outcomes, new SampledEval(4, 0.6, 1.0, correct, 10));
    }

    private static Map<String, String> config() {
        return JobSettings.of(
                        Map.of(
                                "rivulet.loop.selector", "thompson",
                                "rivulet.server.loss", "opmd",
                                "rivulet.server.loss-options", "coef=0.05"))
                .effective();
    }

    @Test
    void priorSamplesAreCountedApartFromDynamicSamplingDrops() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        RunData d = new RunData(0);
        d.addRollout(json.readTree("{\"ts\":1,\"dropped\":true,\"phase\":\"prior\"}"));
        d.addRollout(json.readTree("{\"ts\":2,\"dropped\":true,\"phase\":\"prior\"}"));
        d.addRollout(json.readTree("{\"ts\":3,\"dropped\":true,\"phase\":\"train\"}"));
        d.addRollout(json.readTree("{\"ts\":4,\"dropped\":true}")); // before phase existed
        d.addRollout(json.readTree("{\"ts\":5,\"dropped\":false,\"phase\":\"train\"}"));
        EvalResult e = eval(1, null, null, false);
        ObjectNode s = Summary.build(d, e, e, 10, 8, 3, config());
        assertThat(s.path("prior_rollouts").asLong()).isEqualTo(2);
        assertThat(s.path("groups_dropped_dynamic_sampling").asLong()).isEqualTo(2);
        assertThat(s.path("rollouts_generated").asLong()).isEqualTo(5);
    }

    @Test
    void summaryCarriesPassAtKMeanAtKAndRewardParts() throws Exception {
        EvalResult base = eval(1, new int[] {1, 0}, new int[] {0, 0}, true);
        EvalResult last = eval(2, new int[] {4, 2}, new int[] {1, 0}, true);
        ObjectNode s = Summary.build(data("with-reward-parts"), base, last, 10, 8, 3, config());

        assertThat(s.path("eval_samples").asInt()).isEqualTo(4);
        assertThat(s.path("eval_temperature").asDouble()).isEqualTo(0.6);
        // base: c = 1, 0, 0, 0 -> pass@4 1/4, mean@4 1/16
        assertThat(s.path("base_pass_at_k").asDouble()).isCloseTo(0.25, EXACT);
        assertThat(s.path("base_mean_at_k").asDouble()).isCloseTo(1.0 / 16, EXACT);
        // final: c = 4, 2, 1, 0 -> pass@4 3/4, mean@4 7/16
        assertThat(s.path("final_pass_at_k").asDouble()).isCloseTo(0.75, EXACT);
        assertThat(s.path("final_mean_at_k").asDouble()).isCloseTo(7.0 / 16, EXACT);
        ObjectNode hard = (ObjectNode) s.path("accuracy_by_difficulty").path("arith:2");
        assertThat(hard.path("final_pass_at_k").asDouble()).isCloseTo(0.5, EXACT);
        assertThat(hard.path("final_mean_at_k").asDouble()).isCloseTo(0.125, EXACT);
        assertThat(hard.path("base_pass_at_k").asDouble()).isZero();

        // fixture: correctness 1 for 5 of 10 rollouts, format 1.0 and 0.5 alternating
        assertThat(s.path("reward_parts_mean").path("correctness").asDouble())
                .isCloseTo(0.5, EXACT);
        assertThat(s.path("reward_parts_mean").path("format").asDouble()).isCloseTo(0.75, EXACT);

        Path html = dir.resolve("report.html");
        HtmlReport.write(data("with-reward-parts"), s, html);
        String report = Files.readString(html);
        assertThat(report).contains("<tr><th>final_pass_at_k</th><td>0.750</td></tr>");
        assertThat(report).contains("<tr><th>final_mean_at_k</th><td>0.438</td></tr>");
        assertThat(report)
                .contains(
                        "Held-out pass@4 and mean@4 by cell (4 samples per prompt at temperature"
                                + " 0.6)")
                .contains(
                        "<tr><td>arith:2</td><td>2</td><td>0.0000</td><td>0.5000</td>"
                                + "<td>0.0000</td><td>0.1250</td></tr>");
        assertThat(report)
                .contains("Reward parts over time")
                .contains("<th>correctness</th><th>format</th>")
                // the first tenth: rollout 0 (correctness 0, format 1) at 5 s after the start
                .contains("<tr><td>5–6</td><td>1</td><td>0.0000</td><td>1.0000</td></tr>")
                .contains("<tr><th>whole run</th><td>10</td><td>0.5000</td><td>0.7500</td></tr>");
        assertThat(report).contains("<h2>Strategies</h2>");
        assertThat(report.indexOf("<h2>Strategies</h2>"))
                .isLessThan(report.indexOf("<h2>Summary</h2>"));
        assertThat(report).contains("<tr><th>selector</th><td>thompson</td>");
        assertThat(report).contains("<tr><th>loss</th><td>opmd</td>").contains("coef=0.05*");
    }

    @Test
    void olderTelemetryAndNoSampledEvaluationLeaveTheirSectionsOut() throws Exception {
        EvalResult base = eval(1, null, null, false);
        EvalResult last = eval(2, null, null, false);
        RunData d = data("without-reward-parts");
        assertThat(d.rolloutCount()).isEqualTo(10);
        ObjectNode s = Summary.build(d, base, last, 10, 8, 3, Map.of());
        assertThat(s.has("reward_parts_mean")).isFalse();
        assertThat(s.has("eval_samples")).isFalse();
        assertThat(s.has("base_pass_at_k")).isFalse();
        assertThat(s.path("accuracy_by_difficulty").path("arith:1").has("final_pass_at_k"))
                .isFalse();

        Path html = dir.resolve("report.html");
        HtmlReport.write(d, s, html);
        String report = Files.readString(html);
        assertThat(report).doesNotContain("Reward parts").doesNotContain("pass@");
        assertThat(report).doesNotContain("<h2>Strategies</h2>"); // no config at all
        assertThat(report).contains("<h2>Summary</h2>");
    }
}
