package dev.rivulet.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.jobs.eval.EvalResult;
import dev.rivulet.jobs.eval.SampledEval;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The driver's evaluation gauges: per task, greedy accuracy pools the task's cells, pass@k and
 * mean@k its prompts; the endpoint serves them in the Prometheus text format, and a port in use
 * falls back to a free one.
 */
class EvalMetricsTest {

    private static EvalResult result() {
        Map<String, int[]> cells = new LinkedHashMap<>();
        cells.put("arith(ops=+):1", new int[] {3, 4});
        cells.put("arith(ops=+):2", new int[] {1, 4});
        cells.put("count:1", new int[] {0, 2});
        Map<String, int[]> sampled = new LinkedHashMap<>();
        sampled.put("arith(ops=+):1", new int[] {4, 0});
        sampled.put("arith(ops=+):2", new int[] {2, 2});
        sampled.put("count:1", new int[] {0, 1});
        return new EvalResult(1L, 7, cells, Map.of(), new SampledEval(4, 1.0, 1.0, sampled, 10));
    }

    @Test
    void figuresArePerTask() {
        Map<String, Map<String, Double>> m = EvalMetrics.byTask(result());
        assertThat(m.get("greedy"))
                .containsExactly(Map.entry("arith", 0.5), Map.entry("count", 0.0));
        // arith: prompts with 4, 0, 2, 2 of 4 correct → pass@4 = 3/4, mean@4 = 8/16;
        // count: prompts with 0 and 1 of 4 correct → pass@4 = 1/2, mean@4 = 1/8
        assertThat(m.get("pass_at_k"))
                .containsExactly(Map.entry("arith", 0.75), Map.entry("count", 0.5));
        assertThat(m.get("mean_at_k"))
                .containsExactly(Map.entry("arith", 0.5), Map.entry("count", 0.125));
        EvalResult greedyOnly = new EvalResult(1L, 7, result().cells(), Map.of());
        assertThat(EvalMetrics.byTask(greedyOnly)).containsOnlyKeys("greedy");
    }

    @Test
    void theEndpointServesTheGaugesAndAPortInUseFallsBack() throws Exception {
        List<String> said = new ArrayList<>();
        try (ServerSocket taken =
                        new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
                EvalMetrics metrics = EvalMetrics.start(taken.getLocalPort(), said::add)) {
            assertThat(metrics.port()).isPositive().isNotEqualTo(taken.getLocalPort());
            assertThat(said).singleElement().asString().contains("is in use");
            metrics.record(result());
            String body =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + metrics.port()
                                                                    + "/metrics"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
            assertThat(body)
                    .contains("rivulet_eval_accuracy{measure=\"greedy\",task=\"arith\"} 0.5")
                    .contains("rivulet_eval_accuracy{measure=\"pass_at_k\",task=\"count\"} 0.5")
                    .contains("rivulet_eval_accuracy{measure=\"mean_at_k\",task=\"arith\"} 0.5")
                    .contains("rivulet_eval_policy_version 7.0");
        }
        try (EvalMetrics off = EvalMetrics.start(-1, said::add)) {
            assertThat(off.port()).isEqualTo(-1);
            off.record(result());
        }
    }
}
