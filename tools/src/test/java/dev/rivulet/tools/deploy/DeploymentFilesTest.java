package dev.rivulet.tools.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.rivulet.jobs.CheckpointPolicy;
import dev.rivulet.jobs.options.ConfigLayers;
import dev.rivulet.jobs.options.JobArguments;
import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.jobs.options.ServerOptions;
import dev.rivulet.tools.model.Pretraining;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shipped deployment files (docker/compose.yaml, the Dockerfiles, docker/k8s and the GPU
 * overlay docker/k8s-gpu) parse and keep their promises: healthchecks, non-root users, the model
 * server's token from a Secret or a secrets file and never on all interfaces without one, no port
 * published unauthenticated beyond loopback, a server that starts from a prepared base model, the
 * tested checkpoint settings, Kubernetes HA and GPU requests in the overlay. .ci/deploy-checks.sh
 * adds docker-compose config, kustomize and a Kubernetes schema check.
 */
class DeploymentFilesTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path ROOT = root();
    static final Path DOCKER = ROOT.resolve("docker");

    private static Path root() {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(root.resolve("docker/compose.yaml"))) {
            root = root.getParent();
        }
        return root;
    }

    private static JsonNode compose() throws IOException {
        return YAML.readTree(DOCKER.resolve("compose.yaml").toFile());
    }

    /** Every document of a multi-document YAML file. */
    static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser p = new YAMLFactory().createParser(file.toFile())) {
            var it = YAML.readValues(p, JsonNode.class);
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    docs.add(d);
                }
            }
        }
        return docs;
    }

    /** Every object of docker/k8s by "Kind/name". */
    private static Map<String, JsonNode> kubernetesObjects() throws IOException {
        Map<String, JsonNode> out = new HashMap<>();
        try (Stream<Path> files = Files.list(DOCKER.resolve("k8s"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (JsonNode d : documents(f)) {
                    if (d.has("kind") && !"Kustomization".equals(d.path("kind").asText())) {
                        String key =
                                d.path("kind").asText()
                                        + "/"
                                        + d.path("metadata").path("name").asText();
                        assertThat(out.put(key, d)).as(key + " defined once").isNull();
                    }
                }
            }
        }
        return out;
    }

    /** The pod spec of a Deployment, Job or FlinkDeployment. */
    static JsonNode podSpec(JsonNode object) {
        return "FlinkDeployment".equals(object.path("kind").asText())
                ? object.path("spec").path("podTemplate").path("spec")
                : object.path("spec").path("template").path("spec");
    }

    static JsonNode container(JsonNode podSpec, String name) {
        for (JsonNode c : podSpec.path("containers")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        return MissingNode.getInstance();
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The value after {@code flag} in an argument list, or null. */
    static String after(List<String> args, String flag) {
        int i = args.indexOf(flag);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
    }

    // ---------------------------------------------------------------- compose

    @Test
    void everyLongRunningComposeServiceHasAHealthcheck() throws IOException {
        JsonNode services = compose().path("services");
        assertThat(services.size()).isGreaterThanOrEqualTo(7);
        services.fields()
                .forEachRemaining(
                        e -> {
                            boolean oneShot = "no".equals(e.getValue().path("restart").asText());
                            if (!oneShot) {
                                JsonNode test = e.getValue().path("healthcheck").path("test");
                                assertThat(test.isArray() && test.size() > 1)
                                        .as(e.getKey() + " healthcheck")
                                        .isTrue();
                            }
                        });
        assertThat(services.path("prepare-base-model").path("restart").asText()).isEqualTo("no");
    }

    @Test
    void composePublishesPortsOnLoopbackOnlyAndTheServerNone() throws IOException {
        JsonNode services = compose().path("services");
        int published = 0;
        for (var it = services.fields(); it.hasNext(); ) {
            var e = it.next();
            for (JsonNode port : e.getValue().path("ports")) {
                assertThat(port.asText())
                        .as(e.getKey() + " publishes " + port.asText())
                        .startsWith("127.0.0.1:");
                published++;
            }
        }
        assertThat(published).isPositive();
        // the jobmanager's anchor (*flink) is merged by the YAML parser
        assertThat(services.path("model-server").has("ports")).as("model-server ports").isFalse();
        JsonNode grafana = services.path("grafana").path("environment");
        assertThat(grafana.path("GF_AUTH_ANONYMOUS_ENABLED").asText()).isEqualTo("false");
        assertThat(grafana.path("GF_SECURITY_ADMIN_PASSWORD__FILE").asText())
                .startsWith("/run/secrets/");
    }

    @Test
    void composeGivesTheTokenToTheServerAndTheJobFromASecretsFile() throws Exception {
        JsonNode c = compose();
        JsonNode services = c.path("services");
        assertThat(c.path("secrets").path("rivulet-token").path("file").asText())
                .contains("RIVULET_TOKEN_FILE");
        for (String s : List.of("model-server", "jobmanager", "taskmanager")) {
            assertThat(texts(services.path(s).path("secrets"))).as(s).contains("rivulet-token");
        }
        // the server image's command binds 0.0.0.0 with that file
        List<String> cmd = dockerfileJsonArray("model-server", "CMD");
        assertThat(after(cmd, "--host")).isEqualTo("0.0.0.0");
        assertThat(after(cmd, "--token-file")).isEqualTo("/run/secrets/rivulet-token");
        assertThat(services.path("model-server").has("command")).isFalse();
        assertThat(services.path("taskmanager").path("environment"))
                .isEqualTo(services.path("jobmanager").path("environment"));
        // the job reads address and token file from FLINK_PROPERTIES (the Flink configuration)
        String props =
                services.path("jobmanager").path("environment").path("FLINK_PROPERTIES").asText();
        Map<String, String> flink = JobSettings.flatten(YAML.readTree(props));
        JobSettings s = ConfigLayers.resolve(flink, JobArguments.parse("--telemetry", "/t"));
        assertThat(s.get(ServerOptions.TOKEN_FILE)).isEqualTo("/run/secrets/rivulet-token");
        assertThat(s.get(ServerOptions.ADDRESS)).isEqualTo("model-server:8815");
    }

    @Test
    void composeServerStartsFromThePreparedBaseModel() throws IOException {
        JsonNode services = compose().path("services");
        assertThat(
                        services.path("model-server")
                                .path("depends_on")
                                .path("prepare-base-model")
                                .path("condition")
                                .asText())
                .isEqualTo("service_completed_successfully");
        List<String> cmd = dockerfileJsonArray("model-server", "CMD");
        String prepare = services.path("prepare-base-model").path("command").get(0).asText();
        assertPreparesInto(prepare, after(cmd, "--model-dir"));
        assertThat(texts(services.path("prepare-base-model").path("volumes")))
                .containsExactlyElementsOf(texts(services.path("model-server").path("volumes")));
    }

    // ---------------------------------------------------------------- images

    @Test
    void imagesRunAsNonRootWithAHealthcheck() throws IOException {
        for (String image : List.of("flink", "model-server")) {
            String df = dockerfile(image).replace("\\\n", " "); // join continued lines
            assertThat(df).as(image).containsPattern("(?m)^HEALTHCHECK .*CMD \\[");
            assertThat(lastUser(df)).as(image + " USER").isNotIn("root", "0", "0:0", null);
        }
        String tools = dockerfile("tools");
        assertThat(tools).contains("HEALTHCHECK NONE");
        assertThat(lastUser(tools)).isNotIn("root", "0", "0:0", null);
        assertThat(Files.isRegularFile(DOCKER.resolve("healthcheck.sh"))).isTrue();
        List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore"));
        assertThat(ignored).contains(".git", "**/target", "docker/secrets", ".cache");
    }

    @Test
    void theFlinkImageShipsNoDjlAndTheServerImageNoFlink() throws IOException {
        // the images copy their module's runtime class path; the poms' enforcer rules keep it slim
        // -am also builds the modules a module tests with (flink-jobs: the model server): each
        // module's dependencies go to its own folder, and the image takes only its module's
        assertThat(dockerfile("flink"))
                .contains("-pl flink-jobs -am", "-DoutputDirectory=target/image-deps")
                .contains("cp -r flink-jobs/target/image-deps /out/usrlib");
        assertThat(dockerfile("model-server"))
                .contains("-pl model-server -am", "-DoutputDirectory=target/image-deps")
                .contains("cp -r model-server/target/image-deps /out/lib");
        assertThat(Files.readString(ROOT.resolve("flink-jobs/pom.xml")))
                .contains("<id>slim-flink-image</id>", "ai.djl*:*:*:*:runtime");
        assertThat(Files.readString(ROOT.resolve("model-server/pom.xml")))
                .contains("<id>slim-server-image</id>", "<exclude>org.apache.flink</exclude>");
    }

    private static String dockerfile(String image) throws IOException {
        return Files.readString(DOCKER.resolve(image).resolve("Dockerfile"));
    }

    /** The USER of the final stage. */
    private static String lastUser(String dockerfile) {
        String finalStage = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        Matcher m = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(finalStage);
        String user = null;
        while (m.find()) {
            user = m.group(1);
        }
        return user;
    }

    private static List<String> dockerfileJsonArray(String image, String instruction)
            throws IOException {
        Matcher m =
                Pattern.compile("(?m)^" + instruction + "\\s+(\\[.*])\\s*$")
                        .matcher(dockerfile(image));
        assertThat(m.find()).as(image + " " + instruction).isTrue();
        return texts(new ObjectMapper().readTree(m.group(1)));
    }

    // ---------------------------------------------------------------- Kubernetes

    @Test
    void everyPodRunsAsNonRootAndNoServiceIsExposedOutsideTheCluster() throws IOException {
        Map<String, JsonNode> objects = kubernetesObjects();
        int pods = 0;
        for (var e : objects.entrySet()) {
            String kind = e.getValue().path("kind").asText();
            if (List.of("Deployment", "Job", "FlinkDeployment").contains(kind)) {
                JsonNode sc = podSpec(e.getValue()).path("securityContext");
                assertThat(sc.path("runAsNonRoot").asBoolean()).as(e.getKey()).isTrue();
                assertThat(sc.path("runAsUser").asInt()).as(e.getKey()).isPositive();
                pods++;
            }
            if ("Service".equals(kind)) {
                assertThat(e.getValue().path("spec").path("type").asText("ClusterIP"))
                        .as(e.getKey())
                        .isEqualTo("ClusterIP");
            }
            assertThat(kind).as(e.getKey()).isNotIn("Ingress", "Route");
        }
        assertThat(pods).isEqualTo(4);
        assertThat(objects)
                .containsKeys("NetworkPolicy/rivulet-model-server", "NetworkPolicy/rivulet-flink");
    }

    @Test
    void theServerTakesItsTokenFromASecretAndBindsAllInterfacesOnlyWithIt() throws IOException {
        JsonNode pod = podSpec(kubernetesObjects().get("Deployment/rivulet-model-server"));
        JsonNode server = container(pod, "model-server");
        List<String> args = texts(server.path("args"));
        assertThat(after(args, "--host")).isEqualTo("0.0.0.0");
        String var = after(args, "--token-env");
        assertThat(var).isNotNull();
        JsonNode ref = null;
        for (JsonNode env : server.path("env")) {
            if (var.equals(env.path("name").asText())) {
                ref = env.path("valueFrom").path("secretKeyRef");
            }
        }
        assertThat(ref).as("env " + var).isNotNull();
        assertThat(ref.path("name").asText()).isEqualTo("rivulet-model-server-token");
        assertThat(ref.path("key").asText()).isEqualTo("token");
        assertThat(args).doesNotContain("--allow-unauthenticated");
    }

    @Test
    void theJobReadsTheSameSecretAsAFile() throws Exception {
        JsonNode fd = kubernetesObjects().get("FlinkDeployment/rivulet-online-rl");
        Map<String, String> conf = JobSettings.flatten(fd.path("spec").path("flinkConfiguration"));
        JobSettings s = ConfigLayers.resolve(conf, JobArguments.parse("--telemetry", "/t"));
        Path tokenFile = Path.of(s.get(ServerOptions.TOKEN_FILE));
        JsonNode pod = podSpec(fd);
        String volume = null;
        for (JsonNode m : container(pod, "flink-main-container").path("volumeMounts")) {
            if (tokenFile.getParent().toString().equals(m.path("mountPath").asText())) {
                volume = m.path("name").asText();
            }
        }
        assertThat(volume).as("a mount at " + tokenFile.getParent()).isNotNull();
        for (JsonNode v : pod.path("volumes")) {
            if (volume.equals(v.path("name").asText())) {
                assertThat(v.path("secret").path("secretName").asText())
                        .isEqualTo("rivulet-model-server-token");
            }
        }
        assertThat(tokenFile.getFileName().toString()).isEqualTo("token");
    }

    @Test
    void theFlinkDeploymentHasHaAndTheTestedCheckpointSettings() throws IOException {
        JsonNode fd = kubernetesObjects().get("FlinkDeployment/rivulet-online-rl");
        Map<String, String> conf = JobSettings.flatten(fd.path("spec").path("flinkConfiguration"));
        assertThat(conf)
                .containsEntry("high-availability.type", "kubernetes")
                .containsAllEntriesOf(CheckpointPolicy.options());
        assertThat(conf.get("high-availability.storageDir")).startsWith("s3://");
        assertThat(conf.get("execution.checkpointing.dir")).startsWith("s3://");
        assertThat(fd.path("spec").path("job").path("upgradeMode").asText()).isEqualTo("savepoint");
    }

    @Test
    void aJobPreparesTheBaseModelTheServerStartsFrom() throws IOException {
        Map<String, JsonNode> objects = kubernetesObjects();
        JsonNode serverPod = podSpec(objects.get("Deployment/rivulet-model-server"));
        JsonNode jobPod = podSpec(objects.get("Job/rivulet-prepare-base-model"));
        String modelDir =
                after(texts(container(serverPod, "model-server").path("args")), "--model-dir");
        String command = String.join(" ", texts(container(jobPod, "pretrain").path("command")));
        assertPreparesInto(command, modelDir);
        // the server waits for it, on the same claim
        String wait =
                String.join(" ", texts(serverPod.path("initContainers").get(0).path("command")));
        assertThat(wait).contains(modelDir + "/" + Pretraining.REPORT_FILE);
        assertThat(claims(serverPod)).isEqualTo(claims(jobPod));
    }

    private static void assertPreparesInto(String command, String modelDir) {
        assertThat(modelDir).isNotNull();
        assertThat(command)
                .contains("pretrain")
                .contains("--out " + modelDir)
                .contains(modelDir + "/" + Pretraining.REPORT_FILE);
    }

    private static List<String> claims(JsonNode podSpec) {
        List<String> out = new ArrayList<>();
        podSpec.path("volumes")
                .forEach(v -> out.add(v.path("persistentVolumeClaim").path("claimName").asText()));
        return out;
    }

    @Test
    void theGpuOverlayAsksForAGpuAndRunsTheServerOnIt() throws IOException {
        Path overlay = DOCKER.resolve("k8s-gpu");
        JsonNode k = YAML.readTree(overlay.resolve("kustomization.yaml").toFile());
        assertThat(texts(k.path("resources"))).containsExactly("../k8s");
        JsonNode patch =
                YAML.readTree(
                        overlay.resolve(k.path("patches").get(0).path("path").asText()).toFile());
        JsonNode server =
                container(patch.path("spec").path("template").path("spec"), "model-server");
        assertThat(server.path("resources").path("limits").path("nvidia.com/gpu").asInt())
                .isEqualTo(1);
        List<String> args = texts(server.path("args"));
        assertThat(after(args, "--device")).isEqualTo("gpu");
        // the patch replaces the argument list: it must keep the token and the base model
        JsonNode base =
                container(
                        podSpec(kubernetesObjects().get("Deployment/rivulet-model-server")),
                        "model-server");
        List<String> baseArgs = texts(base.path("args"));
        assertThat(args.subList(0, baseArgs.size())).isEqualTo(baseArgs);
    }
}
