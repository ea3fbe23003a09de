package dev.rivulet.cli;

import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.tools.compare.Arms;
import dev.rivulet.tools.compare.ComparePreset;
import dev.rivulet.tools.compare.CompareResult;
import dev.rivulet.tools.compare.CompareRunner;
import dev.rivulet.tools.demo.EmbeddedServers;
import dev.rivulet.tools.model.PretrainSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rivulet compare}: the algorithm arms side by side on the same budget and base policy. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description =
                "Run the algorithm arms side by side (same task mix, base policy, seeds and rollout"
                        + " budget) and write compare.json, compare.html and a table.")
final class CompareCommand implements Callable<Integer> {

    @Option(
            names = "--preset",
            defaultValue = "quick",
            description =
                    "quick (core arms, 3 seeds, 30000 rollouts, at most 2.5 min per run), full"
                            + " (core arms, 5 seeds, 120000 rollouts, 8 min), allocators"
                            + " (uniform-grpo, spo, knapsack-grpo; 3 seeds; 60000 rollouts; 3 min;"
                            + " an evaluation every 3 s), seed-methods (issue 14's loss and credit"
                            + " arms against uniform-grpo and spo; 1 seed, otherwise as"
                            + " allocators) or loop-methods (issue 15's loop arms, likewise);"
                            + " explicit flags override the preset's values (default: quick)")
    String preset;

    @Option(
            names = "--out",
            description = "output directory (default runs/compare-<timestamp>, or DIR with --from)")
    Path out;

    @Option(
            names = "--arms",
            description =
                    "built-in arms: 'core' (the baselines: "
                            + "uniform-grpo, dapo, knapsack-grpo, thompson-grpo, spo, ngrpo, opmd),"
                            + " 'all', 'none' or a comma-separated list of names; --list-arms"
                            + " prints every built-in arm with its settings (default: the"
                            + " preset's)")
    String arms;

    @Option(
            names = "--arm",
            description =
                    "an extra arm as NAME:key=value;key=value of rivulet.* settings, e.g."
                            + " 'kl-grpo:rivulet.loop.advantage=drgrpo;rivulet.server.loss=opmd';"
                            + " repeatable")
    List<String> extraArms = new ArrayList<>();

    @Option(names = "--seeds", description = "seeds per arm (default: the preset's)")
    Integer seeds;

    @Option(
            names = "--rollouts",
            description = "rollout budget of each run (default: the preset's)")
    Long rollouts;

    @Option(
            names = "--minutes-per-run",
            description =
                    "wall-time cap of each run in minutes (default: 2.5 quick, 8 full, 3"
                            + " allocators, seed-methods and loop-methods)")
    Double minutesPerRun;

    @Option(
            names = "--heldout-per-cell",
            description =
                    "held-out prompts per difficulty cell (default: 50 quick, 200 the" + " others)")
    Integer heldoutPerCell;

    @Option(
            names = "--eval-every",
            description =
                    "seconds between held-out evaluations (default: 10 quick, 30 full, 3"
                            + " the others); the resolution of rollouts-to-target")
    Double evalEverySeconds;

    @Option(
            names = "--from",
            description =
                    "re-aggregate an earlier compare in DIR without training: its runs/ (then"
                            + " each run's report.html is rendered again too) or a curves.tsv with"
                            + " summary-<arm>-s<seed>.json files (the docs/results layout); writes"
                            + " compare.json and compare.html to --out, else to DIR")
    Path from;

    @Option(
            names = "--list-arms",
            description = "print every built-in arm with its rivulet.* settings, then exit")
    boolean listArms;

    @Option(names = "--config", description = "YAML file of shared rivulet.* options")
    Path config;

    @Option(
            names = "--sync",
            negatable = true,
            description =
                    "also run uniform-grpo synchronously for the wall-time ratio; --no-sync skips"
                            + " it (default: on for quick and full, off for allocators)")
    Boolean sync;

    @Override
    public Integer call() throws Exception {
        if (listArms) {
            System.out.print(Arms.describe());
            return 0;
        }
        if (from != null) {
            Path src = from.toAbsolutePath();
            boolean runDirs = Files.isDirectory(src.resolve("runs"));
            if (!runDirs && !Files.exists(src.resolve("curves.tsv"))) {
                throw new IllegalArgumentException(
                        "--from "
                                + from
                                + " holds neither runs/ (a compare's output) nor curves.tsv");
            }
            CompareResult again =
                    runDirs ? CompareRunner.fromRunDirs(src) : CompareRunner.fromCurves(src);
            Path target = out != null ? out.toAbsolutePath() : src;
            Files.createDirectories(target);
            again.write(target, Arms.UNIFORM_GRPO.name());
            int reports = runDirs && target.equals(src) ? CompareRunner.rewriteRunReports(src) : 0;
            System.out.print(again.table(again.toJson(Arms.UNIFORM_GRPO.name())));
            if (runDirs) {
                System.out.print(dev.rivulet.tools.compare.HardCellTable.of(src));
            }
            System.err.println(
                    "[rivulet] wrote compare.json and compare.html under "
                            + target
                            + (reports > 0
                                    ? " and rendered " + reports + " runs' report.html"
                                    : ""));
            return 0;
        }
        ComparePreset p =
                ComparePreset.of(preset)
                        .with(
                                arms,
                                seeds,
                                rollouts,
                                minutesPerRun == null
                                        ? null
                                        : Duration.ofMillis(Math.round(minutesPerRun * 60_000)),
                                heldoutPerCell,
                                evalEverySeconds == null
                                        ? null
                                        : Duration.ofMillis(Math.round(evalEverySeconds * 1000)),
                                sync);
        JobSettings base = JobSettings.load(config, Map.of());
        Path dir =
                (out != null
                                ? out
                                : TrainCommand.defaultRunDir()
                                        .resolveSibling(
                                                "compare-"
                                                        + TrainCommand.defaultRunDir()
                                                                .getFileName()))
                        .toAbsolutePath();
        Files.createDirectories(dir);
        EmbeddedServers servers =
                EmbeddedServers.forBase(
                        PretrainSpec.ofSteps(
                                base.mixSpec(), "small", 1800, Duration.ofMinutes(30), 0L),
                        2e-4,
                        line -> System.err.println("[rivulet] " + line));
        CompareRunner.Plan plan =
                new CompareRunner.Plan(
                        dir,
                        Arms.select(p.arms(), extraArms),
                        p.seeds(),
                        p.rollouts(),
                        p.maxDuration(),
                        base,
                        p.heldOutPerCell(),
                        p.evalEvery(),
                        p.sync());
        System.err.printf(
                java.util.Locale.ROOT,
                "[rivulet] compare preset %s: arms %s, %d seeds, %d rollouts per run, at most %s"
                        + " per run, %d held-out prompts per cell, evaluation every %s, sync %s%n",
                p.name(),
                plan.arms().stream().map(dev.rivulet.tools.compare.Arm::name).toList(),
                p.seeds(),
                p.rollouts(),
                p.maxDuration(),
                p.heldOutPerCell(),
                p.evalEvery(),
                p.sync() ? "on" : "off");
        CompareResult result = CompareRunner.run(plan, servers, System.err);
        result.write(dir, Arms.UNIFORM_GRPO.name());
        System.out.print(result.table(result.toJson(Arms.UNIFORM_GRPO.name())));
        System.out.print(dev.rivulet.tools.compare.HardCellTable.of(dir));
        System.err.println(
                "[rivulet] wrote "
                        + dir.resolve("compare.json")
                        + " and "
                        + dir.resolve("compare.html"));
        return 0;
    }
}
