package dev.rivulet.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rivulet.jobs.RestartPolicy;
import dev.rivulet.jobs.RocksDbLogCap;
import dev.rivulet.jobs.RocksDbManifestCap;
import dev.rivulet.jobs.options.JobSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The container and Kubernetes Flink configurations carry the same restart policy and RocksDB caps
 * as {@code bin/rivulet cluster} and the demo (they are written by hand, so this keeps them from
 * drifting apart).
 */
class DeploymentConfigTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path DOCKER = Path.of("..", "docker");

    @Test
    void composeImageConfigMatchesTheCode() throws IOException {
        assertMatchesCode(flatten(YAML.readTree(DOCKER.resolve("flink/config.yaml").toFile())));
    }

    @Test
    void kubernetesDeploymentMatchesTheCode() throws IOException {
        JsonNode conf =
                YAML.readTree(DOCKER.resolve("k8s/flink-deployment.yaml").toFile())
                        .path("spec")
                        .path("flinkConfiguration");
        assertThat(conf.isObject()).as("spec.flinkConfiguration").isTrue();
        assertMatchesCode(flatten(conf));
    }

    private static void assertMatchesCode(Map<String, String> conf) {
        RestartPolicy.options()
                .forEach(
                        (k, v) -> assertThat(normalise(conf.get(k))).as(k).isEqualTo(normalise(v)));
        assertThat(conf)
                .containsEntry(RocksDbLogCap.MAX_FILE_SIZE_KEY, RocksDbLogCap.MAX_FILE_SIZE)
                .containsEntry(RocksDbLogCap.FILE_NUM_KEY, RocksDbLogCap.FILE_NUM)
                .containsEntry(
                        "state.backend.rocksdb.options-factory", RocksDbManifestCap.class.getName())
                .containsEntry("state.backend.type", "rocksdb")
                .containsEntry("execution.checkpointing.incremental", "true");
    }

    /** "30 s" and "30s" are the same duration to Flink. */
    private static String normalise(String v) {
        return v == null ? null : v.replace(" ", "");
    }

    private static Map<String, String> flatten(JsonNode node) {
        return JobSettings.flatten(node);
    }
}
