package dev.rivulet.cli;

import dev.rivulet.tools.compare.Arms;
import dev.rivulet.tools.sim.AllocatorBench;
import dev.rivulet.tools.sim.SimResult;
import dev.rivulet.tools.sim.SimScenario;
import dev.rivulet.tools.sim.SimSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** The options and output of {@code rivulet bench allocators}. */
final class AllocatorsBench {

    @Option(
            names = "--pool",
            description = "allocators: prompts per shard (default: ${DEFAULT-VALUE}).")
    int pool = 2048;

    @Option(
            names = "--budget",
            description = "allocators: rollouts per run (default: ${DEFAULT-VALUE}).")
    long budget = 40_000;

    @Option(
            names = "--seeds",
            description = "allocators: runs per arm and scenario (default: ${DEFAULT-VALUE}).")
    int seeds = 5;

    @Option(
            names = "--scenarios",
            description =
                    "allocators: all, or a comma-separated list of mixed, uniform-p, hard, rare, mid,"
                            + " mixed-drift, mixed-transfer (default: ${DEFAULT-VALUE}).")
    String scenarios = "all";

    @Option(
            names = "--arms",
            description =
                    "allocators: compare arms to simulate, a comma-separated list or none"
                            + " (default: ${DEFAULT-VALUE}).")
    String arms = AllocatorBench.DEFAULT_ARMS;

    @Option(
            names = "--arm",
            description =
                    "allocators: an extra arm NAME:rivulet.key=value;... (repeatable), as for"
                            + " compare.")
    List<String> extraArms = new ArrayList<>();

    @Option(
            names = "--learn-cap",
            description =
                    "allocators, drift: rollouts with an advantage beyond which a visit teaches"
                            + " no more; 0 = no cap (default: ${DEFAULT-VALUE}).")
    int learnCap = 8;

    @Option(
            names = "--out",
            description = "allocators: a directory for allocators.json and the SVG plots.")
    Path out;

    /** Runs the plan, writes the files under {@code --out} and returns the table. */
    String run(Consumer<String> progress) throws IOException {
        AllocatorBench.Plan plan =
                new AllocatorBench.Plan(
                        Arms.select(arms, extraArms),
                        SimScenario.select(scenarios),
                        pool,
                        budget,
                        seeds,
                        learnCap);
        List<SimResult> results = AllocatorBench.run(plan, progress);
        List<SimSummary> rows = SimSummary.of(results);
        if (out != null) {
            Files.createDirectories(out);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("benchmark", "allocators");
            json.put("pool", pool);
            json.put("budget", budget);
            json.put("seeds", seeds);
            json.put("learn_cap", learnCap);
            json.put("cpus", Runtime.getRuntime().availableProcessors());
            json.put("rows", rows);
            Files.writeString(
                    out.resolve("allocators.json"), Jsons.line(json), StandardCharsets.UTF_8);
            for (SimScenario s : plan.scenarios()) {
                Files.writeString(
                        out.resolve("effective-" + s.name() + ".svg"),
                        AllocatorBench.chart(results, s.name(), false),
                        StandardCharsets.UTF_8);
                if (s.drift() > 0) {
                    Files.writeString(
                            out.resolve("mean-p-" + s.name() + ".svg"),
                            AllocatorBench.chart(results, s.name(), true),
                            StandardCharsets.UTF_8);
                }
            }
        }
        return String.format(
                        java.util.Locale.ROOT,
                        "pool %d, budget %d rollouts, %d seeds, learn-cap %d%n%n",
                        pool,
                        budget,
                        seeds,
                        learnCap)
                + SimSummary.table(rows);
    }
}
