package dev.rivulet.cli;

import dev.rivulet.jobs.JobSettings;
import dev.rivulet.jobs.demo.RunResult;
import dev.rivulet.jobs.demo.TrainingRun;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

    @Option(names = "--config", description = "YAML file of rivulet.* options")
    Path config;

    @Option(
            names = "--cluster",
            description = "Flink REST address host:port (default: an in-process MiniCluster)")
    String cluster;

    @Option(
            names = "--prompts",
            description = "JSONL file or directory of prompts (default: synthetic mix)")
    String prompts;

    @Option(
            names = "--fields",
            description =
                    "JSONL field mapping: default, gsm8k, math, or prompt=F,answer=F[,task=F,...]"
                            + " (rivulet.data.fields)")
    String fields;

    @Option(
            names = "--eval-prompts",
            description =
                    "JSONL file or directory to evaluate on (default: a held-out part of"
                            + " --prompts; rivulet.eval.prompts)")
    String evalPrompts;

    @Option(names = "--server", required = true, description = "model server host:port")
    String server;

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

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides =
                new LinkedHashMap<>(DataFlags.overrides(prompts, fields, evalPrompts));
        overrides.put("rivulet.server.address", server);
        if (tokenFile != null) {
            overrides.put("rivulet.server.token-file", tokenFile.toString());
        }
        JobSettings settings = JobSettings.load(config, overrides);
        Path dir = out != null ? out : defaultRunDir();
        RunResult r =
                TrainingRun.run(
                        new TrainingRun.Options(
                                dir.toAbsolutePath(),
                                Duration.ofMillis((long) (minutes * 60_000)),
                                settings,
                                heldOut,
                                Duration.ofSeconds(60),
                                parallelism,
                                System.err,
                                cluster == null ? "" : cluster),
                        settings.endpoint());
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
