package dev.rivulet.tools.deploy;

import static dev.rivulet.tools.deploy.DeploymentFilesTest.DOCKER;
import static dev.rivulet.tools.deploy.DeploymentFilesTest.YAML;
import static dev.rivulet.tools.deploy.DeploymentFilesTest.after;
import static dev.rivulet.tools.deploy.DeploymentFilesTest.container;
import static dev.rivulet.tools.deploy.DeploymentFilesTest.documents;
import static dev.rivulet.tools.deploy.DeploymentFilesTest.podSpec;
import static dev.rivulet.tools.deploy.DeploymentFilesTest.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.protocol.fleet.GeneratorSpec;
import dev.rivulet.server.app.ServeCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The fleet's deployment files (issue 17) keep their promises: docker/compose.fleet.yaml turns the
 * model server into the learner and adds replicated generators found by DNS; the docker/k8s-fleet
 * overlay has a learner StatefulSet with its own volume, a generator Deployment with replicas, a
 * headless Service for discovery and the token from a Secret; and every server command line parses
 * with the real {@code serve} options.
 */
class DeploymentFleetTest {

    private static final Path OVERLAY = DOCKER.resolve("k8s-fleet");

    private static JsonNode composeFleet() throws IOException {
        return YAML.readTree(DOCKER.resolve("compose.fleet.yaml").toFile());
    }

    /** Parses {@code args} with {@code serve}'s own options: an unknown or bad one fails. */
    private static ServeCommand parse(List<String> args) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args.toArray(String[]::new));
        return serve;
    }

    /** The {@code key: value} lines of a FLINK_PROPERTIES block. */
    private static Map<String, String> properties(String block) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : block.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                out.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return out;
    }

    @Test
    void composeRunsALearnerAndReplicatedGeneratorsFoundByDns() throws IOException {
        JsonNode services = composeFleet().path("services");
        List<String> learner = texts(services.path("model-server").path("command"));
        List<String> generator = texts(services.path("generator").path("command"));
        assertThat(after(learner, "--role")).isEqualTo("learner");
        assertThat(after(learner, "--checkpoint-dir")).isNotBlank();
        assertThat(after(generator, "--role")).isEqualTo("generator");
        assertThat(after(generator, "--learner")).isEqualTo("model-server:8815");
        assertThat(after(generator, "--learner-token-file"))
                .isEqualTo("/run/secrets/rivulet-token");
        assertThat(services.path("generator").path("deploy").path("replicas").asInt())
                .isGreaterThanOrEqualTo(2);
        assertThat(services.path("generator").has("healthcheck")).isTrue();
        assertThat(services.path("generator").has("ports")).as("publishes nothing").isFalse();
        for (List<String> args : List.of(learner, generator)) {
            assertThat(after(args, "--token-file")).isEqualTo("/run/secrets/rivulet-token");
            parse(args);
        }
        for (String flink : List.of("jobmanager", "taskmanager")) {
            Map<String, String> p =
                    properties(
                            services.path(flink)
                                    .path("environment")
                                    .path("FLINK_PROPERTIES")
                                    .asText());
            assertThat(p.get("rivulet.server.learner")).isEqualTo("model-server:8815");
            GeneratorSpec spec = GeneratorSpec.parse(p.get("rivulet.server.generators"));
            assertThat(spec.toString()).isEqualTo("dns:///generator:8815");
            assertThat(p.get("rivulet.server.token-file")).isEqualTo("/run/secrets/rivulet-token");
        }
    }

    private static Map<String, JsonNode> overlayObjects() throws IOException {
        Map<String, JsonNode> out = new HashMap<>();
        JsonNode k = YAML.readTree(OVERLAY.resolve("kustomization.yaml").toFile());
        assertThat(texts(k.path("resources"))).contains("../k8s");
        for (String r : texts(k.path("resources"))) {
            if (r.endsWith(".yaml")) {
                for (JsonNode d : documents(OVERLAY.resolve(r))) {
                    out.put(
                            d.path("kind").asText()
                                    + "/"
                                    + d.path("metadata").path("name").asText(),
                            d);
                }
            }
        }
        return out;
    }

    @Test
    void theOverlayHasALearnerStatefulSetWithItsVolume() throws IOException {
        JsonNode learner = overlayObjects().get("StatefulSet/rivulet-learner");
        assertThat(learner).as("StatefulSet/rivulet-learner").isNotNull();
        assertThat(learner.path("spec").path("replicas").asInt()).isEqualTo(1);
        JsonNode claim = learner.path("spec").path("volumeClaimTemplates").get(0);
        String volume = claim.path("metadata").path("name").asText();
        JsonNode c = container(podSpec(learner), "learner");
        List<String> args = texts(c.path("args"));
        assertThat(after(args, "--role")).isEqualTo("learner");
        String checkpoints = after(args, "--checkpoint-dir");
        boolean mounted = false;
        for (JsonNode m : c.path("volumeMounts")) {
            mounted |=
                    m.path("name").asText().equals(volume)
                            && checkpoints.startsWith(m.path("mountPath").asText());
        }
        assertThat(mounted).as("the checkpoint directory is on the claim " + volume).isTrue();
        assertTokenFromSecret(c);
        parse(args);
    }

    @Test
    void theGeneratorsAreReplicatedBehindAHeadlessServiceTheJobResolves() throws IOException {
        Map<String, JsonNode> objects = overlayObjects();
        JsonNode generators = objects.get("Deployment/rivulet-generator");
        assertThat(generators.path("spec").path("replicas").asInt()).isGreaterThanOrEqualTo(2);
        JsonNode c = container(podSpec(generators), "generator");
        List<String> args = texts(c.path("args"));
        assertThat(after(args, "--role")).isEqualTo("generator");
        assertThat(after(args, "--learner")).isEqualTo("rivulet-learner:8815");
        assertTokenFromSecret(c);
        // it authenticates to the learner with the same Secret's token
        assertThat(after(args, "--learner-token-env")).isEqualTo(after(args, "--token-env"));
        parse(args);
        JsonNode headless = objects.get("Service/rivulet-generators");
        assertThat(headless.path("spec").path("clusterIP").asText()).isEqualTo("None");
        assertThat(headless.path("spec").path("selector"))
                .isEqualTo(generators.path("spec").path("selector").path("matchLabels"));
        JsonNode patch = YAML.readTree(OVERLAY.resolve("flink-fleet.yaml").toFile());
        JsonNode conf = patch.path("spec").path("flinkConfiguration");
        assertThat(GeneratorSpec.parse(conf.path("rivulet.server.generators").asText()).toString())
                .isEqualTo("dns:///rivulet-generators:" + port(headless));
        assertThat(conf.path("rivulet.server.learner").asText())
                .isEqualTo("rivulet-learner:" + port(objects.get("Service/rivulet-learner")));
    }

    private static int port(JsonNode service) {
        return service.path("spec").path("ports").get(0).path("port").asInt();
    }

    private static void assertTokenFromSecret(JsonNode container) {
        List<String> args = texts(container.path("args"));
        String env = after(args, "--token-env");
        assertThat(env).as("--token-env").isNotNull();
        boolean fromSecret = false;
        for (JsonNode e : container.path("env")) {
            fromSecret |=
                    e.path("name").asText().equals(env)
                            && e.path("valueFrom").path("secretKeyRef").has("name");
        }
        assertThat(fromSecret).as(env + " from a Secret").isTrue();
        assertThat(after(args, "--host")).isEqualTo("0.0.0.0");
    }
}
