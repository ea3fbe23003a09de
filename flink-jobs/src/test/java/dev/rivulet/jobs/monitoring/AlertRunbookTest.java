package dev.rivulet.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every alert of docker/prometheus/alerts.yml has exactly one runbook entry in docs/operations.md
 * (a {@code ## <AlertName>} heading) and links to it by a {@code runbook_url} annotation whose
 * anchor is that heading's, and every entry has an alert.
 */
class AlertRunbookTest {

    /**
     * The base of every runbook_url: Prometheus' external label {@code runbook_base}, else the
     * project's docs on GitHub (alerts_test.yml checks both expansions with promtool).
     */
    static final String RUNBOOK_BASE =
            "{{ or $externalLabels.runbook_base"
                    + " \"https://github.com/rivulet/rivulet/blob/main/docs\" }}";

    @Test
    void runbookEntriesMatchTheAlerts() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(root.resolve("docker/prometheus/alerts.yml"))) {
            root = root.getParent();
        }
        JsonNode alerts =
                new ObjectMapper(new YAMLFactory())
                        .readTree(root.resolve("docker/prometheus/alerts.yml").toFile());
        Set<String> names = new TreeSet<>();
        for (JsonNode group : alerts.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.path("alert").asText();
                assertThat(names.add(name)).as("alert " + name + " defined once").isTrue();
                assertThat(rule.path("annotations").has("runbook"))
                        .as(name + " links its runbook by runbook_url, not a runbook path")
                        .isFalse();
                assertThat(rule.path("annotations").path("runbook_url").asText())
                        .as("runbook link of " + name)
                        .isEqualTo(
                                RUNBOOK_BASE + "/operations.md#" + name.toLowerCase(Locale.ROOT));
            }
        }
        Set<String> entries = new TreeSet<>();
        for (String line : Files.readAllLines(root.resolve("docs/operations.md"))) {
            if (line.startsWith("## ") && line.substring(3).trim().matches("[A-Z][A-Za-z]+")) {
                assertThat(entries.add(line.substring(3).trim())).as(line).isTrue();
            }
        }
        assertThat(entries).isEqualTo(names);
        assertThat(names).hasSizeGreaterThanOrEqualTo(10);
    }
}
