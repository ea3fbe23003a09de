package dev.rivulet.tools.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink session cluster of one JobManager and N TaskManagers, each its own JVM process started
 * from this project's classpath (there is no Flink distribution to download here).
 *
 * <p>Process ids are kept in {@code dir/pids}, so a later {@code rivulet cluster stop} from another
 * JVM finds them.
 */
public final class LocalCluster {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);
    private static final String JM_MAIN =
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TM_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClusterSpec spec;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public LocalCluster(ClusterSpec spec) {
        this.spec = spec;
    }

    public ClusterSpec spec() {
        return spec;
    }

    /** Starts the JobManager and the TaskManagers and waits until all have registered. */
    public void start(Duration timeout) throws IOException, InterruptedException {
        if (overview().isPresent()) {
            throw new IllegalStateException(
                    "a cluster already answers on " + spec.restUrl() + "; stop it first");
        }
        ClusterConfigWriter.write(spec);
        Configuration conf = flinkConfiguration();
        JobManagerProcessSpec jm = JobManagerProcessUtils.processSpecFromConfig(conf);
        List<String> jmJvm = split(JobManagerProcessUtils.generateJvmParametersStr(jm, conf));
        List<String> jmDyn = split(JobManagerProcessUtils.generateDynamicConfigsStr(jm));
        launch("jobmanager", JM_MAIN, jmJvm, jmDyn);
        long deadline = System.nanoTime() + timeout.toNanos();
        waitFor(() -> overview().isPresent(), deadline, "the JobManager's REST endpoint");
        for (int i = 0; i < spec.taskManagers(); i++) {
            startTaskManager(i);
        }
        waitFor(
                () -> taskManagersRegistered() >= spec.taskManagers(),
                deadline,
                spec.taskManagers() + " registered TaskManagers");
        LOG.info(
                "cluster up: JobManager at {}, {} TaskManagers",
                spec.restUrl(),
                spec.taskManagers());
    }

    /** Starts TaskManager number {@code index} (also used to replace a killed one). */
    public void startTaskManager(int index) throws IOException {
        Configuration conf = flinkConfiguration();
        TaskExecutorProcessSpec tm = TaskExecutorProcessUtils.processSpecFromConfig(conf);
        List<String> jvm = split(ProcessMemoryUtils.generateJvmParametersStr(tm));
        List<String> dyn = split(TaskExecutorProcessUtils.generateDynamicConfigsStr(tm));
        launch("taskmanager-" + index, TM_MAIN, jvm, dyn);
    }

    /** Kills TaskManager {@code index} with SIGKILL (kill -9), as a crash would. */
    public boolean killTaskManager(int index) throws IOException {
        return kill("taskmanager-" + index, true);
    }

    /** Stops every process of the cluster: SIGTERM, then SIGKILL after a grace period. */
    public void stop() throws IOException {
        if (!Files.isDirectory(spec.pidDir())) {
            return;
        }
        try (var files = Files.list(spec.pidDir())) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString().replace(".pid", "");
                kill(name, false);
            }
        }
    }

    /** The REST {@code /overview} of the running cluster, or empty when none answers. */
    public Optional<JsonNode> overview() {
        return rest("/overview");
    }

    /**
     * A GET of the JobManager's REST API (e.g. {@code /jobs/<id>/exceptions}), if it answers 200.
     */
    public Optional<JsonNode> rest(String path) {
        try {
            HttpResponse<String> r =
                    http.send(
                            HttpRequest.newBuilder(URI.create(spec.restUrl() + path))
                                    .timeout(Duration.ofSeconds(3))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** How many TaskManagers the JobManager currently knows. */
    public int taskManagersRegistered() {
        return overview().map(o -> o.path("taskmanagers").asInt(0)).orElse(0);
    }

    /** The pid recorded for a process name, if it is still alive. */
    public Optional<ProcessHandle> process(String name) throws IOException {
        Path pidFile = spec.pidDir().resolve(name + ".pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }

    private boolean kill(String name, boolean hard) throws IOException {
        Optional<ProcessHandle> p = process(name);
        Files.deleteIfExists(spec.pidDir().resolve(name + ".pid"));
        if (p.isEmpty()) {
            return false;
        }
        ProcessHandle h = p.get();
        if (hard) {
            h.destroyForcibly();
        } else {
            h.destroy();
        }
        try {
            h.onExit().get(hard ? 10 : 20, TimeUnit.SECONDS);
        } catch (Exception e) {
            h.destroyForcibly();
        }
        LOG.info("{} {} (pid {})", hard ? "killed" : "stopped", name, h.pid());
        return true;
    }

    private void launch(String name, String mainClass, List<String> jvm, List<String> dynamic)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm);
        cmd.addAll(inheritedJvmFlags());
        Path logFile = spec.logDir().resolve(name + ".log");
        cmd.add("-Dlog.file=" + logFile);
        cmd.add("-Dlog4j2.configurationFile=" + spec.confDir().resolve("log4j.properties"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.add("--configDir");
        cmd.add(spec.confDir().toString());
        cmd.addAll(dynamic);
        ProcessBuilder pb =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(
                                ProcessBuilder.Redirect.appendTo(
                                        spec.logDir().resolve(name + ".out").toFile()));
        pb.environment().put("FLINK_CONF_DIR", spec.confDir().toString());
        Process p = pb.start();
        Files.writeString(spec.pidDir().resolve(name + ".pid"), Long.toString(p.pid()));
        LOG.info("started {} (pid {}), log {}", name, p.pid(), logFile);
    }

    /** The --add-opens/--add-exports and DJL flags of this JVM, which every child JVM needs too. */
    public static List<String> inheritedJvmFlags() {
        List<String> out = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens")
                    || a.startsWith("--add-exports")
                    || a.startsWith("-Dai.djl")
                    || a.startsWith("-DDJL_CACHE_DIR")
                    || a.startsWith("-Drivulet.")) {
                out.add(a);
            }
        }
        return out;
    }

    private Configuration flinkConfiguration() {
        Configuration conf = new Configuration();
        ClusterConfigWriter.options(spec).forEach(conf::setString);
        return conf;
    }

    private static List<String> split(String s) {
        return Arrays.stream(s.trim().split("\\s+")).filter(t -> !t.isEmpty()).toList();
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(Check check, long deadlineNanos, String what)
            throws InterruptedException {
        while (System.nanoTime() < deadlineNanos) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (Exception ignored) {
                // not up yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("timed out waiting for " + what);
    }
}
