package dev.rivulet.algo.allocate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.core.registry.StrategyOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** XRPO's confidence-interval allocator ({@code xrpo}). */
class XrpoAllocatorTest {

    private static BudgetAllocator xrpo(int budget) {
        return BudgetAllocators.registry()
                .create("xrpo", StrategyOptions.of(Map.of("budget", Integer.toString(budget))));
    }

    @Test
    void criticalValuesMatchTheTable() {
        // ν = 1: tan(0.95 π/2) = 12.7062; ν = 2: sinθ = 0.95 gives t = √2·0.95/√(1 − 0.9025) =
        // 1.34350/0.31225 = 4.3027; the rest from the printed t table
        assertThat(StudentT.critical(0.95, 1)).isCloseTo(12.7062, within(1e-4));
        assertThat(StudentT.critical(0.95, 2)).isCloseTo(4.3027, within(1e-4));
        assertThat(StudentT.critical(0.95, 3)).isCloseTo(3.1824, within(1e-4));
        assertThat(StudentT.critical(0.95, 4)).isCloseTo(2.7764, within(1e-4));
        assertThat(StudentT.critical(0.95, 10)).isCloseTo(2.2281, within(1e-4));
        assertThat(StudentT.critical(0.95, 30)).isCloseTo(2.0423, within(1e-4));
        assertThat(StudentT.critical(0.90, 1)).isCloseTo(6.3138, within(1e-4));
        assertThat(StudentT.centralProbability(0, 5)).isZero();
        assertThatThrownBy(() -> StudentT.critical(1.0, 3)).hasMessageContaining("1.0");
    }

    /**
     * p̂ = 0.5 (s = 0.5) and 0.1 (s = 0.3), n-min = 2. h(2) = 12.7062·s/√2, h(3) = 4.3027·s/√3,
     * h(4) = 3.1824·s/2, h(5) = 2.7764·s/√5. s = 0.5: h = 4.4923, 1.2421, 0.7956, 0.6208, so Δ(2) =
     * 3.2502, Δ(3) = 0.4465, Δ(4) = 0.1748. s = 0.3: h = 2.6954, 0.7453, 0.4774, so Δ(2) = 1.9501,
     * Δ(3) = 0.2679. Greedy on the spare budget: +1 → first (3.2502); +1 → second (1.9501 >
     * 0.4465); +1 → first (0.4465 > 0.2679); +1 → second (0.2679 > 0.1748).
     */
    @Test
    void greedyConfidenceIntervalShrinkageByHand() {
        XrpoAllocator a = new XrpoAllocator(8, 0, 2, 128, 0.95);
        assertThat(a.reduction(2, 0.5)).isCloseTo(3.2502, within(1e-3));
        assertThat(a.reduction(3, 0.5)).isCloseTo(0.4465, within(1e-3));
        assertThat(a.reduction(4, 0.5)).isCloseTo(0.1748, within(1e-3));
        assertThat(a.reduction(2, 0.1)).isCloseTo(1.9501, within(1e-3));
        assertThat(a.reduction(3, 0.1)).isCloseTo(0.2679, within(1e-3));
        List<PromptEstimate> two =
                List.of(PromptEstimate.valid("a", 0.5), PromptEstimate.valid("b", 0.1));
        assertThat(xrpo(5).allocate(two).rollouts()).containsExactly(3, 2);
        assertThat(xrpo(6).allocate(two).rollouts()).containsExactly(3, 3);
        assertThat(xrpo(7).allocate(two).rollouts()).containsExactly(4, 3);
        assertThat(xrpo(8).allocate(two).rollouts()).containsExactly(4, 4);
    }

    @Test
    void zeroVarianceAndUnknownPromptsGetNoGreedyRollouts() {
        // p = 0 and p = 1: s = 0, h = 0, nothing to shrink; unknown: n = 8; the rest goes to c
        List<PromptEstimate> in =
                List.of(
                        PromptEstimate.valid("zero", 0.0),
                        PromptEstimate.valid("one", 1.0),
                        PromptEstimate.unknown("new"),
                        PromptEstimate.valid("c", 0.3));
        Allocation out = xrpo(20).allocate(in);
        // minimum 2 + 2 + 8 + 2 = 14, the spare 6 all to c
        assertThat(out.rollouts()).containsExactly(2, 2, 8, 8);
        assertThat(out.total()).isEqualTo(20);
    }

    @Test
    void degenerateCases() {
        // an empty selection
        assertThat(xrpo(0).allocate(List.of()).size()).isZero();
        // a group of one takes the whole budget
        assertThat(xrpo(0).allocate(List.of(PromptEstimate.valid("x", 0.4))).rollouts())
                .containsExactly(8);
        // all-equal estimates: an even split (ties go to the earlier prompt)
        List<PromptEstimate> same =
                List.of(
                        PromptEstimate.valid("a", 0.5),
                        PromptEstimate.valid("b", 0.5),
                        PromptEstimate.valid("c", 0.5));
        assertThat(xrpo(0).allocate(same).rollouts()).containsExactly(8, 8, 8);
        assertThat(xrpo(10).allocate(same).rollouts()).containsExactly(4, 3, 3);
        // nothing has variance: the spare budget is spread over every prompt, earlier first
        List<PromptEstimate> flat =
                List.of(PromptEstimate.valid("a", 1.0), PromptEstimate.valid("b", 0.0));
        assertThat(xrpo(0).allocate(flat).rollouts()).containsExactly(8, 8);
        assertThat(xrpo(7).allocate(flat).rollouts()).containsExactly(4, 3);
        // n-max caps the greedy step; the rest is spread
        BudgetAllocator capped =
                BudgetAllocators.registry()
                        .create("xrpo", StrategyOptions.of(Map.of("budget", "12", "n-max", "4")));
        assertThat(
                        capped.allocate(
                                        List.of(
                                                PromptEstimate.valid("a", 0.5),
                                                PromptEstimate.valid("b", 0.0)))
                                .rollouts())
                .containsExactly(7, 5);
        assertThatThrownBy(() -> xrpo(3).allocate(same)).hasMessageContaining("below the minimum");
        assertThatThrownBy(() -> new XrpoAllocator(8, 0, 5, 4, 0.95))
                .hasMessageContaining("n-min <= n-max");
    }
}
