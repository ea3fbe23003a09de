package dev.rivulet.cli;

import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.tools.demo.EmbeddedServers;
import dev.rivulet.tools.demo.RunResult;
import dev.rivulet.tools.demo.ServerLauncher;
import dev.rivulet.tools.demo.TrainingRun;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rivulet train}: submits the online-RL job to a Flink cluster against a running server. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description =
                "Run the online-RL job on a Flink cluster (--cluster) or an in-process MiniCluster"
                        + " against a running model server, evaluate on the held-out set, and"
                        + " write summary.json and report.html.")
final class TrainCommand implements Callable<Integer> {

    @Mixin DataFlags data;

    @Option(names = "--config", description = "YAML file of rivulet.* options")
    Path config;

    @Option(
            names = "--cluster",
            description = "Flink REST address host:port (default: an in-process MiniCluster)")
    String cluster;

    @Option(
            names = "--server",
            description = "model server host:port (default: an in-process server for --model)")
    String server;

    @Option(
            names = "--model",
            description =
                    "Hugging Face model directory for an in-process model server (when no"
                            + " --server is given)")
    Path model;

    @Option(
            names = "--loss",
            description =
                    "policy loss of the in-process server; the same as -o rivulet.server.loss=ID (default: the configuration's,"
                            + " ppo-clip)")
    String loss;

    @Option(
            names = "--lr",
            defaultValue = "2e-4",
            description = "learning rate of the in-process server (default ${DEFAULT-VALUE})")
    double learningRate;

    @Option(
            names = "--device",
            defaultValue = "cpu",
            description = "cpu, gpu or auto, for the in-process server (default ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--token-file", description = "file with the server's bearer token")
    Path tokenFile;

    @Option(names = "--minutes", defaultValue = "10", description = "training time (default 10)")
    double minutes;

    @Option(names = "--out", description = "run directory (default runs/<timestamp>)")
    Path out;

    @Option(names = "--heldout", defaultValue = "50", description = "held-out prompts per cell")
    int heldOut;

    @Option(names = "--parallelism", defaultValue = "2", description = "job parallelism")
    int parallelism;

    @Option(
            names = "--fleet",
            paramLabel = "ADDRESSES",
            description =
                    "generate on these generators (host:port,host:port or dns:///name:port, e.g."
                            + " what `cluster start --generators N` prints); --server is then the"
                            + " learner (rivulet.server.generators)")
    String fleet;

    @Override
    public Integer call() throws Exception {
        if (fleet != null && server == null) {
            throw new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(this),
                    "--fleet needs --server HOST:PORT, the fleet's learner");
        }
        if ((server == null) == (model == null)) {
            throw new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(this),
                    "give either --server HOST:PORT (a running model server) or --model DIR (an"
                            + " in-process one), not both and not neither");
        }
        Map<String, String> overrides = new LinkedHashMap<>(data.overrides());
        Path dir = (out != null ? out : defaultRunDir()).toAbsolutePath();
        if (server != null) {
            overrides.put("rivulet.server.address", server);
            if (fleet != null) {
                overrides.put("rivulet.server.learner", server);
                overrides.put("rivulet.server.generators", fleet);
            }
            if (tokenFile != null) {
                overrides.put("rivulet.server.token-file", tokenFile.toString());
            }
            JobSettings settings = JobSettings.load(config, overrides);
            return report(run(dir, settings, settings.endpoint()));
        }
        if (loss != null) {
            overrides.put("rivulet.server.loss", loss);
        }
        JobSettings settings = JobSettings.load(config, overrides);
        try (ServerLauncher.Launched launched =
                EmbeddedServers.forModel(model, learningRate, device)
                        .start(settings, dir.resolve("model"))) {
            System.err.println("[rivulet] " + launched);
            return report(run(dir, settings, launched.endpoint()));
        }
    }

    private RunResult run(Path dir, JobSettings settings, PolicyEndpoint endpoint)
            throws Exception {
        return TrainingRun.run(
                new TrainingRun.Options(
                        dir,
                        Duration.ofMillis((long) (minutes * 60_000)),
                        settings,
                        heldOut,
                        Duration.ofSeconds(60),
                        parallelism,
                        System.err,
                        cluster == null ? "" : cluster),
                endpoint);
    }

    private static int report(RunResult r) {
        System.out.println(r.summary().toString());
        return 0;
    }

    static Path defaultRunDir() {
        return Path.of(
                System.getProperty("rivulet.home", "."),
                "runs",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }
}
