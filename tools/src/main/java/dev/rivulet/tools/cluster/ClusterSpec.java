package dev.rivulet.tools.cluster;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how a local multi-process Flink cluster runs.
 *
 * @param dir working directory: conf/, log/, pids/ and checkpoints/ live under it
 * @param restPort the JobManager's REST and web UI port
 * @param rpcPort the JobManager's RPC port
 * @param taskManagers how many TaskManager processes to start
 * @param slotsPerTaskManager task slots per TaskManager
 * @param jobManagerMemory total process memory of the JobManager, e.g. "1024m"
 * @param taskManagerMemory total process memory of each TaskManager, e.g. "1600m"
 * @param prometheusPorts port range for Flink's PrometheusReporter (one port per process)
 * @param extraConfig further Flink options written to config.yaml
 */
public record ClusterSpec(
        Path dir,
        int restPort,
        int rpcPort,
        int taskManagers,
        int slotsPerTaskManager,
        String jobManagerMemory,
        String taskManagerMemory,
        String prometheusPorts,
        Map<String, String> extraConfig) {

    public ClusterSpec {
        Objects.requireNonNull(dir, "dir");
        if (taskManagers < 1) {
            throw new IllegalArgumentException("taskManagers must be >= 1, got " + taskManagers);
        }
        if (slotsPerTaskManager < 1) {
            throw new IllegalArgumentException(
                    "slotsPerTaskManager must be >= 1, got " + slotsPerTaskManager);
        }
        extraConfig = Map.copyOf(extraConfig);
    }

    /**
     * Two TaskManagers with two slots each on the default ports, as `rivulet cluster start` uses.
     */
    public static ClusterSpec defaults(Path dir) {
        return new ClusterSpec(dir, 8081, 6123, 2, 2, "1024m", "1600m", "9250-9260", Map.of());
    }

    public Path confDir() {
        return dir.resolve("conf");
    }

    public Path logDir() {
        return dir.resolve("log");
    }

    public Path pidDir() {
        return dir.resolve("pids");
    }

    public Path checkpointDir() {
        return dir.resolve("checkpoints");
    }

    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }
}
