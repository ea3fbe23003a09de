package dev.rivulet.cli;

import dev.rivulet.tools.cluster.ClusterSpec;
import dev.rivulet.tools.cluster.LocalCluster;
import dev.rivulet.tools.cluster.ModelFleet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
                        + " Prometheus reporter), optionally with the model side as a fleet"
                        + " (--generators N: one learner and N generators).")
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

    @Option(
            names = "--generators",
            defaultValue = "0",
            description =
                    "also start the model side as a fleet: one learner (serve --role learner) and"
                            + " this many generators (serve --role generator), each its own"
                            + " process on loopback, and write rivulet.server.learner and"
                            + " rivulet.server.generators into the cluster's configuration"
                            + " (default ${DEFAULT-VALUE}: no model server is started)")
    int generators;

    @Option(
            names = "--learner-port",
            defaultValue = "8815",
            description =
                    "the learner's Flight port; generator i listens on this + 1 + i (default"
                            + " ${DEFAULT-VALUE})")
    int learnerPort;

    @Option(
            names = {"--model", "--model-dir"},
            description =
                    "the model directory the fleet starts from (a Hugging Face checkpoint or a"
                            + " base model written by `rivulet pretrain`); needed with"
                            + " --generators")
    Path model;

    @Override
    public Integer call() throws Exception {
        Path home = dir.toAbsolutePath().normalize();
        ModelFleet.Spec fleet = null;
        if (generators > 0) {
            if (model == null) {
                System.err.println(
                        "rivulet cluster: --generators needs --model DIR (the model directory the"
                                + " learner and the generators start from, e.g. a base model"
                                + " written by `rivulet pretrain --out DIR`)");
                return 2;
            }
            fleet =
                    ModelFleet.Spec.consecutive(
                            home,
                            generators,
                            learnerPort,
                            List.of("--model=" + model.toAbsolutePath().normalize()));
        } else if (generators < 0) {
            System.err.println("rivulet cluster: --generators must be >= 0, got " + generators);
            return 2;
        }
        ClusterSpec spec =
                new ClusterSpec(
                        home,
                        restPort,
                        rpcPort,
                        taskManagers,
                        slots,
                        "1024m",
                        "1600m",
                        "9250-9260",
                        fleet == null ? Map.of() : ModelFleet.jobOptions(fleet));
        LocalCluster cluster = new LocalCluster(spec);
        switch (action) {
            case "start" -> {
                if (fleet != null) {
                    ModelFleet servers = new ModelFleet(fleet);
                    try {
                        servers.start(Duration.ofSeconds(180));
                    } catch (Exception e) {
                        servers.close();
                        throw e;
                    }
                }
                cluster.start(Duration.ofSeconds(90));
                System.out.printf(
                        "{\"status\":\"running\",\"rest\":\"%s\",\"taskmanagers\":%d,%s\"dir\":\"%s\"}%n",
                        spec.restUrl(),
                        cluster.taskManagersRegistered(),
                        fleet == null
                                ? ""
                                : String.format(
                                        "\"learner\":\"%s\",\"generators\":\"%s\",",
                                        ModelFleet.jobOptions(fleet).get("rivulet.server.learner"),
                                        ModelFleet.jobOptions(fleet)
                                                .get("rivulet.server.generators")),
                        spec.dir());
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
