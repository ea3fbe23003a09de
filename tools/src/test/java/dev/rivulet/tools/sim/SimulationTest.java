package dev.rivulet.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.tools.compare.Arm;
import dev.rivulet.tools.compare.Arms;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulationTest {

    private static final SimScenario BINARY = new SimScenario("binary", 0.5, 0.5, 0, 0, 0, 0);

    private static SimArm arm(String name) {
        return SimArm.of(Arms.select(name).get(0));
    }

    @Test
    void aPoolOfSolvedAndUnsolvablePromptsGivesNoGroupAGradient() {
        Simulation sim = new Simulation(512, 8192, 8);
        for (String name : List.of("uniform-grpo", "thompson-grpo", "knapsack-grpo")) {
            SimResult r = sim.run(arm(name), BINARY, 1);
            assertThat(r.effectiveRatio()).as(name).isZero();
            assertThat(r.zeroShare() + r.oneShare()).as(name).isEqualTo(1.0);
            assertThat(r.withSignal()).as(name).isZero();
        }
        // SPO's baseline is the tracked value, never exactly 0 or 1: every sample has A != 0,
        // though none of them can teach anything
        SimResult spo = sim.run(arm("spo"), BINARY, 1);
        assertThat(spo.effectiveRatio()).isEqualTo(1.0);
        assertThat(spo.withSignal()).isZero();
    }

    @Test
    void uniformRevisitsEveryPromptExactlyOncePerSweep() {
        // synchronous: one call in flight, so the pool is served in whole epochs of 256 / 32 calls
        SimArm sync = SimArm.of(new Arm("sync", Map.of("rivulet.loop.sync", "true")));
        assertThat(sync.inflight()).isEqualTo(1);
        SimResult r = new Simulation(256, 256 * 8 * 3, 8).run(sync, SimScenario.all().get(0), 5);
        assertThat(r.meanRevisitGap()).isEqualTo(256 / 32.0);
        assertThat(r.distinct()).isEqualTo(256);
        assertThat(r.rollouts()).isEqualTo(256 * 8 * 3);
        assertThat(r.calls()).isEqualTo(24);
        assertThat(r.topDecileShare()).isCloseTo(26.0 / 256, within(1e-12));
    }

    @Test
    void runsAreDeterministicPerSeed() {
        Simulation sim = new Simulation(300, 5000, 8);
        SimScenario mixed = SimScenario.all().get(0);
        for (String name : List.of("uniform-grpo", "thompson-grpo", "knapsack-grpo", "spo")) {
            assertThat(sim.run(arm(name), mixed, 3)).isEqualTo(sim.run(arm(name), mixed, 3));
        }
    }

    @Test
    void theOldPerStepDecayForgetsWhatTheTwoScaleDefaultKeeps() {
        Simulation sim = new Simulation(1024, 40_000, 8);
        SimScenario mixed = SimScenario.all().get(0);
        SimArm old =
                SimArm.of(
                        Arms.parse(
                                "old:rivulet.loop.selector=thompson;rivulet.loop.tracker=beta-decay;"
                                        + "rivulet.loop.strategy-options=tracker.lambda=0.1;"
                                        + "tracker.visit-lambda=0"));
        SimResult before = sim.run(old, mixed, 0);
        SimResult after = sim.run(arm("thompson-grpo"), mixed, 0);
        SimResult uniform = sim.run(arm("uniform-grpo"), mixed, 0);
        // 0.9^gap with gaps of about 25 steps: little is left when a prompt comes back
        assertThat(before.evidenceKept()).isLessThan(0.3);
        assertThat(after.evidenceKept()).isGreaterThan(0.9);
        assertThat(after.effectiveRatio()).isGreaterThan(before.effectiveRatio() + 0.1);
        assertThat(after.effectiveRatio()).isGreaterThan(uniform.effectiveRatio() + 0.1);
        assertThat(after.zeroShare()).isLessThan(uniform.zeroShare());
    }

    @Test
    void knapsackBuysItsEffectiveRatioWithConcentration() {
        Simulation sim = new Simulation(1024, 40_000, 8);
        SimScenario uniformP = SimScenario.select("uniform-p").get(0);
        SimResult k = sim.run(arm("knapsack-grpo"), uniformP, 0);
        SimResult u = sim.run(arm("uniform-grpo"), uniformP, 0);
        assertThat(k.effectiveRatio()).isGreaterThan(u.effectiveRatio());
        assertThat(k.topDecileShare()).isGreaterThan(u.topDecileShare() + 0.03);
        assertThat(k.distinct()).isEqualTo(u.distinct());
    }

    @Test
    void onlyDriftingScenariosMoveTheMeanP() {
        Simulation sim = new Simulation(400, 6000, 8);
        SimResult still = sim.run(arm("uniform-grpo"), SimScenario.all().get(0), 2);
        assertThat(still.endMeanP()).isEqualTo(still.startMeanP());
        SimResult drift = sim.run(arm("uniform-grpo"), SimScenario.select("mixed-drift").get(0), 2);
        assertThat(drift.endMeanP()).isGreaterThan(drift.startMeanP());
        assertThat(drift.curve()).isNotEmpty();
        assertThat(drift.curve().get(drift.curve().size() - 1).rollouts())
                .isEqualTo(drift.rollouts());
    }
}
