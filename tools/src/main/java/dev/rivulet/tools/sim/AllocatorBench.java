package dev.rivulet.tools.sim;

import dev.rivulet.tools.compare.Arm;
import dev.rivulet.tools.report.SvgChart;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Runs every arm on every scenario for several seeds: {@code rivulet bench allocators}. */
public final class AllocatorBench {

    /** The compare arms whose selection or allocation differ, in the order the bench prints. */
    public static final String DEFAULT_ARMS = "uniform-grpo,thompson-grpo,knapsack-grpo,spo";

    private AllocatorBench() {}

    /**
     * What to run.
     *
     * @param arms the arms (their {@code rivulet.*} options)
     * @param scenarios the scenarios
     * @param pool prompts per shard
     * @param budget rollouts per run
     * @param seeds runs per arm and scenario (seeds 0 .. seeds − 1)
     * @param learnCap see {@link Simulation}
     */
    public record Plan(
            List<Arm> arms,
            List<SimScenario> scenarios,
            int pool,
            long budget,
            int seeds,
            int learnCap) {

        public Plan {
            arms = List.copyOf(arms);
            scenarios = List.copyOf(scenarios);
            if (seeds < 1) {
                throw new IllegalArgumentException("--seeds must be >= 1, got " + seeds);
            }
        }
    }

    /** Every run of the plan, scenario by scenario, arm by arm, seed by seed. */
    public static List<SimResult> run(Plan plan, Consumer<String> progress) {
        Simulation sim = new Simulation(plan.pool(), plan.budget(), plan.learnCap());
        List<SimResult> out = new ArrayList<>();
        for (SimScenario scenario : plan.scenarios()) {
            for (Arm arm : plan.arms()) {
                for (int seed = 0; seed < plan.seeds(); seed++) {
                    // a fresh arm per run: strategies hold no state, but this keeps runs apart
                    out.add(sim.run(SimArm.of(arm), scenario, seed));
                }
                progress.accept(scenario.name() + " / " + arm.name() + " done");
            }
        }
        return out;
    }

    /**
     * An SVG line chart of {@code scenario}: per arm (seed 0), the mean true p over the pool
     * against rollouts when {@code meanP}, else the effective ratio so far.
     */
    public static String chart(List<SimResult> results, String scenario, boolean meanP) {
        SvgChart chart =
                new SvgChart(
                        (meanP ? "mean p over the pool, " : "effective-gradient ratio, ")
                                + scenario
                                + " (seed 0)",
                        "rollouts",
                        meanP ? "mean p" : "effective ratio");
        for (SimResult r : results) {
            if (r.scenario().equals(scenario) && r.seed() == 0) {
                for (SimResult.Point p : r.curve()) {
                    chart.add(r.arm(), p.rollouts(), meanP ? p.meanP() : p.effectiveRatio());
                }
            }
        }
        return chart.render();
    }
}
