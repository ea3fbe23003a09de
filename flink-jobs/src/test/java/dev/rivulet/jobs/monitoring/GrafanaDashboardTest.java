package dev.rivulet.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The provisioned Grafana dashboard: it parses, has the datasource, job and Flink-job variables,
 * every query runs on the chosen datasource and filters every metric by {@code $job} (Flink's
 * metrics also by {@code $flink_job}), and it has the held-out accuracy panel (greedy and pass@k).
 */
class GrafanaDashboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path root() {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(root.resolve("docker/grafana"))) {
            root = root.getParent();
        }
        return root;
    }

    private static JsonNode dashboard() throws Exception {
        return JSON.readTree(root().resolve("docker/grafana/dashboards/rivulet.json").toFile());
    }

    @Test
    void hasTheDatasourceAndJobVariables() throws Exception {
        Map<String, JsonNode> vars = new HashMap<>();
        for (JsonNode v : dashboard().path("templating").path("list")) {
            vars.put(v.path("name").asText(), v);
        }
        assertThat(vars).containsKeys("datasource", "job", "flink_job");
        assertThat(vars.get("datasource").path("type").asText()).isEqualTo("datasource");
        assertThat(vars.get("datasource").path("query").asText()).isEqualTo("prometheus");
        // the default is the provisioned datasource
        JsonNode provisioned =
                new ObjectMapper(new YAMLFactory())
                        .readTree(
                                root().resolve(
                                                "docker/grafana/provisioning/datasources/prometheus.yml")
                                        .toFile())
                        .path("datasources")
                        .get(0);
        assertThat(vars.get("datasource").path("current").path("value").asText())
                .isEqualTo(provisioned.path("uid").asText());
        for (String name : List.of("job", "flink_job")) {
            JsonNode v = vars.get(name);
            assertThat(v.path("type").asText()).as(name).isEqualTo("query");
            assertThat(v.path("datasource").path("uid").asText())
                    .as(name)
                    .isEqualTo("${datasource}");
            assertThat(v.path("includeAll").asBoolean()).as(name).isTrue();
            assertThat(v.path("multi").asBoolean()).as(name).isTrue();
            assertThat(v.path("query").path("query").asText()).as(name).startsWith("label_values(");
        }
        assertThat(vars.get("flink_job").path("query").path("query").asText())
                .contains("$job")
                .endsWith("job_name)");
    }

    @Test
    void everyQueryUsesTheDatasourceAndJobVariables() throws Exception {
        int queries = 0;
        for (JsonNode panel : dashboard().path("panels")) {
            if (!panel.has("targets")) {
                continue;
            }
            String title = panel.path("title").asText();
            assertThat(panel.path("datasource").path("uid").asText())
                    .as(title)
                    .isEqualTo("${datasource}");
            for (JsonNode t : panel.path("targets")) {
                assertThat(t.path("datasource").path("uid").asText())
                        .as(title)
                        .isEqualTo("${datasource}");
                String expr = t.path("expr").asText();
                assertThat(PromQlNames.of(expr)).as(title + ": " + expr).isNotEmpty();
                for (String metric : PromQlNames.of(expr)) {
                    for (String matchers : matchersOf(expr, metric)) {
                        assertThat(matchers).as(title + ": " + metric).contains("job=~\"$job\"");
                        if (metric.startsWith("flink_")) {
                            assertThat(matchers)
                                    .as(title + ": " + metric)
                                    .contains("job_name=~\"$flink_job\"");
                        }
                    }
                }
                queries++;
            }
        }
        assertThat(queries).isGreaterThan(20);
    }

    @Test
    void hasTheHeldOutAccuracyPanel() throws Exception {
        JsonNode accuracy = null;
        for (JsonNode panel : dashboard().path("panels")) {
            if (panel.path("title")
                    .asText()
                    .toLowerCase(java.util.Locale.ROOT)
                    .contains("accuracy")) {
                accuracy = panel;
            }
        }
        assertThat(accuracy).as("a panel titled ...accuracy...").isNotNull();
        List<String> exprs = new ArrayList<>();
        accuracy.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
        assertThat(exprs)
                .anySatisfy(
                        e -> assertThat(e).contains("rivulet_eval_accuracy").contains("\"greedy\""))
                .anySatisfy(
                        e ->
                                assertThat(e)
                                        .contains("rivulet_eval_accuracy")
                                        .contains("\"pass_at_k\""));
        assertThat(exprs).allSatisfy(e -> assertThat(e).contains("by (task)"));
        assertThat(accuracy.path("description").asText())
                .contains("rivulet_eval_accuracy{measure=\"greedy\"|\"pass_at_k\"");
        assertThat(accuracy.path("fieldConfig").path("defaults").path("unit").asText())
                .isEqualTo("percentunit");
    }

    /** The label-matcher blocks of each occurrence of {@code metric} in {@code expr}. */
    private static List<String> matchersOf(String expr, String metric) {
        List<String> out = new ArrayList<>();
        Matcher m =
                Pattern.compile("\\b" + Pattern.quote(metric) + "\\b(\\{[^}]*})?").matcher(expr);
        while (m.find()) {
            out.add(m.group(1) == null ? "" : m.group(1));
        }
        assertThat(out).as(metric + " in " + expr).isNotEmpty();
        return out;
    }
}
