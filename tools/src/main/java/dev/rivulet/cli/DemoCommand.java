package dev.rivulet.cli;

import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.tools.compare.Arm;
import dev.rivulet.tools.compare.Arms;
import dev.rivulet.tools.demo.EmbeddedServers;
import dev.rivulet.tools.demo.FleetServers;
import dev.rivulet.tools.demo.RunResult;
import dev.rivulet.tools.demo.ServerLauncher;
import dev.rivulet.tools.demo.TrainingRun;
import dev.rivulet.tools.model.PretrainSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rivulet demo}: the main job on the embedded default — a cached pre-trained base policy, an
 * in-process model server, a MiniCluster with RocksDB and checkpoints, live progress, and a run
 * directory with summary.json, report.html, telemetry, checkpoints and the final model.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Run the online-RL job end to end on the embedded default (MiniCluster + in-process"
                        + " model server) and write summary.json and report.html.")
final class DemoCommand implements Callable<Integer> {

    @Mixin DataFlags data;

    @Option(
            names = "--minutes",
            defaultValue = "8",
            description = "training time (default ${DEFAULT-VALUE})")
    double minutes;

    @Option(names = "--out", description = "run directory (default runs/<timestamp>)")
    Path out;

    @Option(names = "--config", description = "YAML file of rivulet.* options")
    Path config;

    @Option(
            names = "--model",
            description =
                    "Hugging Face model directory to train (config.json, *.safetensors,"
                            + " tokenizer.json, tokenizer_config.json); default: the built-in base"
                            + " policy, pre-trained on first use")
    Path model;

    @Option(
            names = "--device",
            defaultValue = "cpu",
            description = "cpu, gpu or auto (default ${DEFAULT-VALUE}; see docs/gpu.md)")
    String device;

    @Option(
            names = "--pretrain-steps",
            defaultValue = "1800",
            description =
                    "pre-training steps of the base policy when none is cached (about 4 minutes on"
                            + " 2 idle cores; default ${DEFAULT-VALUE})")
    int pretrainSteps;

    @Option(
            names = "--model-size",
            defaultValue = "small",
            description = "tiny, small or medium (default ${DEFAULT-VALUE})")
    String modelSize;

    @Option(
            names = "--loss",
            description =
                    "policy loss id; the same as -o rivulet.server.loss=ID (default: the configuration's,"
                            + " ppo-clip)")
    String loss;

    @Option(
            names = "--arm",
            defaultValue = DEFAULT_ARM,
            description =
                    "the strategies to run: a compare arm's name (uniform-grpo, dapo,"
                            + " knapsack-grpo, thompson-grpo, spo, ngrpo, opmd) or NAME:key=value;..."
                            + " (default ${DEFAULT-VALUE}, chosen by measurement: see"
                            + " docs/benchmarks.md); --config and -o settings override it")
    String arm;

    /**
     * The demo's default arm, the best final held-out accuracy by measurement: {@code spo}, 0.768
     * [0.758, 0.773] against uniform GRPO's 0.756 [0.751, 0.768] over 3 seeds (docs/benchmarks.md,
     * "Allocators after the fixes", docs/results/compare-allocators-2026-12-05).
     */
    static final String DEFAULT_ARM = "spo";

    @Option(
            names = "--lr",
            defaultValue = "2e-4",
            description = "learning rate (default ${DEFAULT-VALUE})")
    double learningRate;

    @Option(
            names = "--heldout",
            defaultValue = "200",
            description = "held-out prompts per task/difficulty cell (default ${DEFAULT-VALUE})")
    int heldOut;

    @Option(
            names = "--eval-every",
            defaultValue = "60",
            description = "seconds between held-out evaluations (default ${DEFAULT-VALUE})")
    int evalEvery;

    @Option(
            names = "--generators",
            defaultValue = "0",
            description =
                    "run the model side as a fleet: a learner and this many generator processes"
                            + " (serve --role learner / generator) on loopback, instead of one"
                            + " embedded server (default ${DEFAULT-VALUE}: one embedded server)")
    int generators;

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>(data.overrides());
        if (loss != null) {
            overrides.put("rivulet.server.loss", loss);
        }
        Arm chosen = Arms.named(arm);
        JobSettings settings = JobSettings.load(chosen.options(), config, overrides);
        System.err.println("[rivulet] strategies: arm " + chosen.name() + " " + chosen.options());
        Path dir = (out != null ? out : TrainCommand.defaultRunDir()).toAbsolutePath();
        Files.createDirectories(dir);
        System.err.println("[rivulet] run directory " + dir);
        EmbeddedServers servers =
                model != null
                        ? EmbeddedServers.forModel(model, learningRate, device)
                        : EmbeddedServers.forBase(
                                        PretrainSpec.ofSteps(
                                                settings.mixSpec(),
                                                modelSize,
                                                pretrainSteps,
                                                Duration.ofMinutes(30),
                                                0L),
                                        learningRate,
                                        line -> System.err.println("[rivulet] " + line))
                                .onDevice(device);
        System.err.println("[rivulet] base policy " + servers.baseModel());
        ServerLauncher launcher = servers;
        if (generators != 0) {
            FleetServers fleet =
                    FleetServers.onFreePorts(
                            servers.baseModel(), learningRate, device, generators, System.err);
            overrides.putAll(fleet.jobOptions());
            settings = JobSettings.load(chosen.options(), config, overrides);
            launcher = fleet;
        }
        try (ServerLauncher.Launched server = launcher.start(settings, dir.resolve("model"))) {
            System.err.println("[rivulet] " + server);
            RunResult r =
                    TrainingRun.run(
                            new TrainingRun.Options(
                                            dir,
                                            Duration.ofMillis((long) (minutes * 60_000)),
                                            settings,
                                            heldOut,
                                            Duration.ofSeconds(evalEvery),
                                            2,
                                            System.err)
                                    .withModel(servers.baseModel().toString()),
                            server.endpoint());
            var s = r.summary();
            var ci = s.path("improvement_ci95");
            System.err.printf(
                    Locale.ROOT,
                    "[rivulet] held-out accuracy %.3f -> %.3f (improvement %+.3f, 95%% CI [%+.3f, %+.3f]);"
                            + " %d rollouts, %d trained, policy v%d%n",
                    s.path("base_accuracy").asDouble(),
                    s.path("final_accuracy").asDouble(),
                    s.path("improvement").asDouble(),
                    ci.get(0).asDouble(),
                    ci.get(1).asDouble(),
                    s.path("rollouts_generated").asLong(),
                    s.path("rollouts_trained").asLong(),
                    s.path("policy_version").asLong());
            System.err.println("[rivulet] report: " + dir.resolve("report.html"));
            System.out.println(s.toString());
        }
        return 0;
    }
}
