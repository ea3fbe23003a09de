package dev.rivulet.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.tools.compare.Arms;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllocatorBenchTest {

    @Test
    void theBenchAveragesEachArmAndScenarioOverItsSeeds() {
        List<String> progress = new ArrayList<>();
        AllocatorBench.Plan plan =
                new AllocatorBench.Plan(
                        Arms.select(AllocatorBench.DEFAULT_ARMS),
                        SimScenario.select("mixed,mixed-drift"),
                        200,
                        3000,
                        2,
                        8);
        List<SimResult> runs = AllocatorBench.run(plan, progress::add);
        assertThat(runs).hasSize(4 * 2 * 2);
        assertThat(progress).hasSize(8).contains("mixed / spo done");
        List<SimSummary> rows = SimSummary.of(runs);
        assertThat(rows).hasSize(8);
        SimSummary first = rows.get(0);
        assertThat(first.arm()).isEqualTo("uniform-grpo");
        assertThat(first.seeds()).isEqualTo(2);
        assertThat(first.effectiveRatio())
                .isEqualTo((runs.get(0).effectiveRatio() + runs.get(1).effectiveRatio()) / 2);
        String table = SimSummary.table(rows);
        assertThat(table.lines().count()).isEqualTo(2 + 8);
        assertThat(table).contains("| mixed-drift | knapsack-grpo |");
        assertThat(AllocatorBench.chart(runs, "mixed-drift", true))
                .startsWith("<svg")
                .contains("thompson-grpo");
    }
}
