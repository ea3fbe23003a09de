package dev.rivulet.cli;

import dev.rivulet.tools.cluster.ClusterSpec;
import dev.rivulet.tools.cluster.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rivulet cluster start|stop|status}: a local multi-process Flink session cluster. */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description =
                "Start, stop or inspect a local multi-process Flink cluster (one JobManager and"
                        + " N TaskManagers, each its own JVM, RocksDB, checkpoints, web UI,"
                        + " Prometheus reporter).")
final class ClusterCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "start, stop or status")
    String action;

    @Option(
            names = "--dir",
            description =
                    "cluster directory (conf, logs, pids, checkpoints); default ${DEFAULT-VALUE}",
            defaultValue = "${sys:rivulet.home:-.}/.cache/cluster")
    Path dir;

    @Option(names = "--rest-port", defaultValue = "8081", description = "REST/web UI port")
    int restPort;

    @Option(names = "--rpc-port", defaultValue = "6123", description = "JobManager RPC port")
    int rpcPort;

    @Option(names = "--taskmanagers", defaultValue = "2", description = "TaskManager processes")
    int taskManagers;

    @Option(names = "--slots", defaultValue = "2", description = "slots per TaskManager")
    int slots;

    @Override
    public Integer call() throws Exception {
        ClusterSpec spec =
                new ClusterSpec(
                        dir.toAbsolutePath().normalize(),
                        restPort,
                        rpcPort,
                        taskManagers,
                        slots,
                        "1024m",
                        "1600m",
                        "9250-9260",
                        Map.of());
        LocalCluster cluster = new LocalCluster(spec);
        switch (action) {
            case "start" -> {
                cluster.start(Duration.ofSeconds(90));
                System.out.printf(
                        "{\"status\":\"running\",\"rest\":\"%s\",\"taskmanagers\":%d,\"dir\":\"%s\"}%n",
                        spec.restUrl(), cluster.taskManagersRegistered(), spec.dir());
                return 0;
            }
            case "stop" -> {
                cluster.stop();
                System.out.println("{\"status\":\"stopped\"}");
                return 0;
            }
            case "status" -> {
                var overview = cluster.overview();
                if (overview.isEmpty()) {
                    System.out.printf("{\"status\":\"down\",\"rest\":\"%s\"}%n", spec.restUrl());
                    return 1;
                }
                System.out.println(overview.get());
                return 0;
            }
            default -> {
                System.err.println(
                        "rivulet cluster: unknown action '"
                                + action
                                + "'; use start, stop or status");
                return 2;
            }
        }
    }
}
