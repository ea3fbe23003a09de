package dev.rivulet.tools.demo;

import dev.rivulet.jobs.eval.EvalResult;
import dev.rivulet.jobs.eval.PassAtK;
import dev.rivulet.jobs.eval.SampledEval;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The driver's held-out evaluations as Prometheus gauges on the driver's own endpoint (127.0.0.1,
 * {@code rivulet.eval.metrics-port}, path {@code /metrics}): {@code
 * rivulet_eval_accuracy{measure="greedy"|"pass_at_k"|"mean_at_k", task}} and {@code
 * rivulet_eval_policy_version}, set after each evaluation. The evaluations run in the driver, not
 * in the job or the model server, so neither of their endpoints can carry them.
 */
public final class EvalMetrics implements AutoCloseable {

    /** The accuracy gauge's name. */
    public static final String ACCURACY = "rivulet_eval_accuracy";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Gauge accuracy =
            Gauge.builder()
                    .name(ACCURACY)
                    .help(
                            "Held-out accuracy of the last evaluation per task: greedy decoding,"
                                    + " pass@k and mean@k of k samples (k = rivulet.eval.samples).")
                    .labelNames("measure", "task")
                    .register(registry);
    private final Gauge version =
            Gauge.builder()
                    .name("rivulet_eval_policy_version")
                    .help("Policy version of the last evaluation.")
                    .register(registry);
    private HTTPServer server;

    private EvalMetrics() {}

    /**
     * The gauges, served on 127.0.0.1:{@code port} (0: a free port; negative: not served). A port
     * in use falls back to a free one, and {@code progress} says so.
     */
    public static EvalMetrics start(int port, Consumer<String> progress) throws IOException {
        EvalMetrics m = new EvalMetrics();
        if (port < 0) {
            return m;
        }
        try {
            m.server = serve(m.registry, port);
        } catch (IOException e) {
            if (port == 0) {
                throw e;
            }
            m.server = serve(m.registry, 0);
            progress.accept(
                    "[rivulet] evaluation metrics port "
                            + port
                            + " is in use ("
                            + e.getMessage()
                            + "); serving them on 127.0.0.1:"
                            + m.server.getPort());
        }
        return m;
    }

    private static HTTPServer serve(PrometheusRegistry registry, int port) throws IOException {
        return HTTPServer.builder()
                .hostname("127.0.0.1")
                .port(port)
                .registry(registry)
                .buildAndStart();
    }

    /** The port served, -1 when none. */
    public int port() {
        return server == null ? -1 : server.getPort();
    }

    /** The registry (what the endpoint serves). */
    PrometheusRegistry registry() {
        return registry;
    }

    /** Sets the gauges to {@code r}'s figures. */
    public void record(EvalResult r) {
        byTask(r)
                .forEach(
                        (measure, tasks) ->
                                tasks.forEach(
                                        (task, value) ->
                                                accuracy.labelValues(measure, task).set(value)));
        version.set(r.policyVersion());
    }

    /**
     * Measure → task → accuracy over the task's cells: {@code greedy} always, {@code pass_at_k} and
     * {@code mean_at_k} when samples were drawn. A task's figure pools the prompts of all its cells
     * (difficulties).
     */
    static Map<String, Map<String, Double>> byTask(EvalResult r) {
        Map<String, int[]> greedy = new LinkedHashMap<>();
        r.cells()
                .forEach(
                        (cell, ct) -> {
                            int[] sum = greedy.computeIfAbsent(taskOf(cell), k -> new int[2]);
                            sum[0] += ct[0];
                            sum[1] += ct[1];
                        });
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        Map<String, Double> g = new LinkedHashMap<>();
        greedy.forEach((task, ct) -> g.put(task, ct[1] == 0 ? 0 : (double) ct[0] / ct[1]));
        out.put("greedy", g);
        SampledEval s = r.sampled();
        if (s.enabled()) {
            Map<String, double[]> pass = new LinkedHashMap<>();
            s.correctByCell()
                    .forEach(
                            (cell, counts) -> {
                                double[] sum =
                                        pass.computeIfAbsent(taskOf(cell), k -> new double[3]);
                                for (int c : counts) {
                                    sum[0] += PassAtK.estimate(s.samples(), c, s.samples());
                                    sum[1] += PassAtK.mean(s.samples(), c);
                                    sum[2]++;
                                }
                            });
            Map<String, Double> passAtK = new LinkedHashMap<>();
            Map<String, Double> meanAtK = new LinkedHashMap<>();
            pass.forEach(
                    (task, sum) -> {
                        passAtK.put(task, sum[2] == 0 ? 0 : sum[0] / sum[2]);
                        meanAtK.put(task, sum[2] == 0 ? 0 : sum[1] / sum[2]);
                    });
            out.put("pass_at_k", passAtK);
            out.put("mean_at_k", meanAtK);
        }
        return out;
    }

    /** The task of a cell label ({@code arith(ops=+):2} → {@code arith}), as evaluations.jsonl. */
    static String taskOf(String cell) {
        return cell.replaceAll("[(:].*", "");
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
