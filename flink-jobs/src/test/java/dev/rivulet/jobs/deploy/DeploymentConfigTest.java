package dev.rivulet.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rivulet.jobs.CheckpointPolicy;
import dev.rivulet.jobs.RestartPolicy;
import dev.rivulet.jobs.RocksDbLogCap;
import dev.rivulet.jobs.RocksDbManifestCap;
import dev.rivulet.jobs.options.ConfigLayers;
import dev.rivulet.jobs.options.JobArguments;
import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.jobs.options.ServerOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The container and Kubernetes Flink configurations carry the same restart policy, checkpoint
 * policy and RocksDB caps as {@code bin/rivulet cluster}, the demo, chaos and the soak (they are
 * written by hand, so this keeps them from drifting apart); the FlinkDeployment has Kubernetes HA
 * and keeps its checkpoints, savepoints and HA data on an object store; the rivulet.* keys of each
 * are options the job accepts.
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

    @Test
    void kubernetesDeploymentHasHaAndAnObjectStore() throws IOException {
        Map<String, String> conf =
                flatten(
                        YAML.readTree(DOCKER.resolve("k8s/flink-deployment.yaml").toFile())
                                .path("spec")
                                .path("flinkConfiguration"));
        assertThat(conf).containsEntry("high-availability.type", "kubernetes");
        for (String key :
                new String[] {
                    "high-availability.storageDir",
                    "execution.checkpointing.dir",
                    "execution.checkpointing.savepoint-dir"
                }) {
            assertThat(conf.get(key)).as(key).startsWith("s3://");
        }
    }

    /**
     * The object store's keys reach Flink's S3 filesystem from the Secret rivulet-s3 as the AWS
     * environment variables (the path S3CheckpointITCase checks against S3Proxy), never inline.
     */
    @Test
    void objectStoreCredentialsComeFromASecretNeverInline() throws IOException {
        JsonNode spec = YAML.readTree(DOCKER.resolve("k8s/flink-deployment.yaml").toFile());
        Map<String, String> conf = flatten(spec.path("spec").path("flinkConfiguration"));
        Map<String, String> image =
                flatten(YAML.readTree(DOCKER.resolve("flink/config.yaml").toFile()));
        for (Map<String, String> c : java.util.List.of(conf, image)) {
            assertThat(c.keySet())
                    .noneMatch(
                            k ->
                                    k.matches(
                                            "(?i).*(access[-.]key|secret[-.]key|session[-.]token).*"));
        }
        JsonNode env = null;
        for (JsonNode c : spec.path("spec").path("podTemplate").path("spec").path("containers")) {
            if (c.path("name").asText().equals("flink-main-container")) {
                env = c.path("env");
            }
        }
        assertThat(env).as("flink-main-container's env").isNotNull();
        Map<String, String> fromSecret = new java.util.TreeMap<>();
        for (JsonNode e : env) {
            JsonNode ref = e.path("valueFrom").path("secretKeyRef");
            if (!ref.isMissingNode()) {
                fromSecret.put(e.path("name").asText(), ref.path("name").asText());
            }
            assertThat(e.has("value") && e.path("name").asText().startsWith("AWS_"))
                    .as("%s set inline", e.path("name").asText())
                    .isFalse();
        }
        assertThat(fromSecret)
                .containsEntry("AWS_ACCESS_KEY_ID", "rivulet-s3")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "rivulet-s3");
    }

    @Test
    void theRivuletKeysOfTheDeploymentsAreValidJobOptions() throws Exception {
        Map<String, String> k8s =
                flatten(
                        YAML.readTree(DOCKER.resolve("k8s/flink-deployment.yaml").toFile())
                                .path("spec")
                                .path("flinkConfiguration"));
        assertThat(ConfigLayers.rivuletKeys(k8s)).containsKey("rivulet.server.address");
        JobSettings s = ConfigLayers.resolve(k8s, JobArguments.parse("--telemetry", "/t"));
        assertThat(s.get(ServerOptions.ADDRESS)).isEqualTo("rivulet-model-server:8815");
        assertThat(s.get(ServerOptions.TOKEN_FILE)).isNotEmpty();
        ConfigLayers.resolve(
                flatten(YAML.readTree(DOCKER.resolve("flink/config.yaml").toFile())),
                JobArguments.parse("--telemetry", "/t"));
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
                .containsEntry("state.backend.type", "rocksdb");
        // what the demo, train, chaos and the soak run with (tolerated checkpoint failures, ...)
        assertThat(conf).containsAllEntriesOf(CheckpointPolicy.options());
        assertThat(conf).containsKey("execution.checkpointing.interval");
    }

    /** "30 s" and "30s" are the same duration to Flink. */
    private static String normalise(String v) {
        return v == null ? null : v.replace(" ", "");
    }

    private static Map<String, String> flatten(JsonNode node) {
        return JobSettings.flatten(node);
    }
}
