package dev.rivulet.algo.allocate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivulet.core.registry.StrategyOptions;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Pins knapsack to knapsack-vectors.json, to brute force, and to Σ N_i = B. */
class KnapsackAllocatorTest {

    private static JsonNode vectors() throws IOException {
        try (InputStream in =
                KnapsackAllocatorTest.class.getResourceAsStream(
                        "/testdata/knapsack-vectors.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static void close(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(Math.max(1e-15, 1e-9 * Math.abs(expected))));
    }

    private static double total(double[] p, int[] n) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += KnapsackAllocator.value(n[i], p[i]);
        }
        return s;
    }

    private final BudgetAllocator knapsack = BudgetAllocators.registry().create("knapsack");

    @Test
    void valueMatchesTheVectors() throws IOException {
        for (JsonNode v : vectors().get("value")) {
            close(
                    KnapsackAllocator.value(v.get("n").asInt(), v.get("p").asDouble()),
                    v.get("value").asDouble());
        }
    }

    @Test
    void fallbackCostMatchesTheVectors() throws IOException {
        for (JsonNode v : vectors().get("fallback_cost")) {
            assertThat(KnapsackAllocator.rolloutsFor90(v.get("p").asDouble(), 128))
                    .as("p = %s", v.get("p"))
                    .isEqualTo(v.get("rollouts_for_90pct").asInt());
        }
    }

    @Test
    void dpReachesTheExactOptimumOfTheVectors() throws IOException {
        for (JsonNode c : vectors().get("dp")) {
            double[] p = new double[c.get("p").size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = c.get("p").get(i).asDouble();
            }
            int capacity = c.get("extra_capacity").asInt();
            int nLow = c.get("n_low").asInt();
            int nUp = c.get("n_up").asInt();
            int[] n = KnapsackAllocator.solve(p, capacity, nLow, nUp);
            int extra = 0;
            for (int x : n) {
                assertThat(x).isBetween(nLow, nUp);
                extra += x - nLow;
            }
            assertThat(extra).isEqualTo(Math.min(capacity, p.length * (nUp - nLow)));
            close(total(p, n), c.get("max_total_value").asDouble());
            int[] reference = new int[p.length];
            for (int i = 0; i < p.length; i++) {
                reference[i] = c.get("one_optimal_allocation").get(i).asInt();
            }
            close(total(p, reference), c.get("max_total_value").asDouble());
        }
    }

    /** Best total value over every allocation with Σ (N_i − nLow) = capacity. */
    private static double bruteForce(double[] p, int i, int capacity, int nLow, int nUp) {
        if (i == p.length) {
            return capacity == 0 ? 0 : Double.NEGATIVE_INFINITY;
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int k = 0; k <= Math.min(nUp - nLow, capacity); k++) {
            double rest = bruteForce(p, i + 1, capacity - k, nLow, nUp);
            best = Math.max(best, KnapsackAllocator.value(nLow + k, p[i]) + rest);
        }
        return best;
    }

    @Test
    void dpEqualsBruteForceOnRandomSmallInstances() {
        SplittableRandom rng = new SplittableRandom(2025);
        for (int trial = 0; trial < 200; trial++) {
            int items = 1 + rng.nextInt(4);
            int nLow = 1 + rng.nextInt(3);
            int nUp = nLow + rng.nextInt(7);
            double[] p = new double[items];
            for (int i = 0; i < items; i++) {
                p[i] = rng.nextInt(4) == 0 ? rng.nextInt(2) : rng.nextDouble();
            }
            int capacity = rng.nextInt(items * (nUp - nLow) + 1);
            int[] n = KnapsackAllocator.solve(p, capacity, nLow, nUp);
            double expected = bruteForce(p, 0, capacity, nLow, nUp);
            assertThat(total(p, n))
                    .as("trial %d", trial)
                    .isCloseTo(expected, within(1e-12 + 1e-9 * Math.abs(expected)));
        }
    }

    private static List<PromptEstimate> estimates(double... ps) {
        List<PromptEstimate> out = new ArrayList<>();
        for (int i = 0; i < ps.length; i++) {
            out.add(
                    Double.isNaN(ps[i])
                            ? PromptEstimate.unknown("p" + i)
                            : PromptEstimate.valid("p" + i, ps[i]));
        }
        return out;
    }

    @Test
    void budgetIsAlwaysSpentExactly() {
        SplittableRandom rng = new SplittableRandom(8);
        for (int trial = 0; trial < 300; trial++) {
            int m = 1 + rng.nextInt(40);
            int n = 2 + rng.nextInt(10);
            int kind = rng.nextInt(6);
            double[] ps = new double[m];
            for (int i = 0; i < m; i++) {
                ps[i] =
                        switch (kind) {
                            case 0 -> Double.NaN; // all invalid
                            case 1 -> rng.nextInt(2); // all p in {0, 1}
                            case 2 -> 1.0; // all solved
                            case 3 -> 0.5; // R beyond reach for tiny n-up
                            default ->
                                    switch (rng.nextInt(4)) {
                                        case 0 -> Double.NaN;
                                        case 1 -> rng.nextInt(2);
                                        default -> rng.nextDouble();
                                    };
                        };
            }
            int nUp = kind == 3 ? 3 : 128;
            BudgetAllocator allocator = new KnapsackAllocator(n, 0, 2, nUp);
            Allocation a = allocator.allocate(estimates(ps));
            assertThat(a.total()).as("trial %d", trial).isEqualTo(m * n);
            assertThat(a.budget()).isEqualTo(m * n);
            for (int i = 0; i < m; i++) {
                assertThat(a.rollouts(i)).isGreaterThanOrEqualTo(Double.isNaN(ps[i]) ? n : 2);
            }
        }
    }

    @Test
    void degenerateCases() {
        // all invalid: n each
        assertThat(knapsack.allocate(estimates(Double.NaN, Double.NaN)).rollouts())
                .containsExactly(8, 8);
        // all solved, none zero: uniform n
        assertThat(knapsack.allocate(estimates(1, 1, 1)).rollouts()).containsExactly(8, 8, 8);
        // no prompt in (0,1): the spare budget goes to the p = 0 prompts
        assertThat(knapsack.allocate(estimates(0, 1, 0, 1)).rollouts())
                .containsExactly(14, 2, 14, 2);
        // easy and hard prompts keep their minimum while E uses what it needs,
        // the surplus beyond the fallback estimate goes to the p = 0 prompt
        Allocation a = knapsack.allocate(estimates(0.5, 1.0, 0.0, Double.NaN));
        assertThat(a.rollouts(1)).isEqualTo(2);
        assertThat(a.rollouts(3)).isEqualTo(8);
        assertThat(a.rollouts(0)).isEqualTo(2 + 3); // est for p = 0.5 is 3
        assertThat(a.rollouts(2)).isEqualTo(32 - 2 - 8 - 5);
        assertThat(a.total()).isEqualTo(32);
        assertThat(knapsack.allocate(List.of()).rollouts()).isEmpty();
    }

    @Test
    void spareMaxCapsThePromptsOutsideTheProgrammeAndGivesTheRestToIt() {
        BudgetAllocator capped =
                BudgetAllocators.registry()
                        .create("knapsack", StrategyOptions.of("spare-max", "8"));
        // B = 32; minimum 2 + 2 + 2 + 8 = 14, R = 18; est for p = 0.5 is 3, so 15 are spare:
        // the p = 0 prompt takes 6 (up to 8), the other 9 go back to the programme: 2 + 3 + 9
        assertThat(capped.allocate(estimates(0.5, 1.0, 0.0, Double.NaN)).rollouts())
                .containsExactly(14, 2, 8, 8);
        // no prompt in (0, 1): the p = 0 prompts fill up to 8 (6 each), the other 12 are spread
        // over all four (3 each)
        assertThat(capped.allocate(estimates(0, 1, 0, 1)).rollouts()).containsExactly(11, 5, 11, 5);
        // without the cap (the default) the same prompts give the p = 0 prompts everything
        assertThat(knapsack.allocate(estimates(0.5, 1.0, 0.0, Double.NaN)).rollouts())
                .containsExactly(5, 2, 17, 8);
        assertThatThrownBy(
                        () ->
                                BudgetAllocators.registry()
                                        .create("knapsack", StrategyOptions.of("spare-max", "4")))
                .hasMessageContaining("spare-max >= max(n, n-low), got 4");
    }

    @Test
    void spareMaxKeepsTheBudgetExact() {
        SplittableRandom rng = new SplittableRandom(11);
        BudgetAllocator capped = new KnapsackAllocator(8, 0, 4, 128, 8);
        for (int trial = 0; trial < 300; trial++) {
            int m = 1 + rng.nextInt(40);
            double[] ps = new double[m];
            for (int i = 0; i < m; i++) {
                int kind = rng.nextInt(4);
                ps[i] = kind == 0 ? 0 : kind == 1 ? 1 : kind == 2 ? Double.NaN : rng.nextDouble();
            }
            Allocation a = capped.allocate(estimates(ps));
            assertThat(a.total()).as("trial %d", trial).isEqualTo(m * 8);
            for (int i = 0; i < m; i++) {
                assertThat(a.rollouts(i)).isGreaterThanOrEqualTo(Double.isNaN(ps[i]) ? 8 : 4);
            }
        }
    }

    @Test
    void unreachableCapacitySpreadsTheRestEvenly() {
        // one prompt in E and nobody else: est (3) is not below R (6)... but n-up = 4 caps it
        BudgetAllocator small = new KnapsackAllocator(8, 0, 2, 4);
        Allocation a = small.allocate(estimates(0.5));
        assertThat(a.rollouts()).containsExactly(8);
        Allocation b = small.allocate(estimates(0.5, 0.4));
        assertThat(b.total()).isEqualTo(16);
    }

    @Test
    void optionsAreChecked() {
        BudgetAllocator fixedBudget =
                BudgetAllocators.registry()
                        .create("knapsack", StrategyOptions.of("budget", "20", "n-up", "16"));
        Allocation a = fixedBudget.allocate(estimates(0.3, 0.6, 0.05));
        assertThat(a.total()).isEqualTo(20);
        assertThatThrownBy(() -> fixedBudget.allocate(estimates(new double[11])))
                .hasMessageContaining("below the minimum");
        assertThatThrownBy(
                        () ->
                                BudgetAllocators.registry()
                                        .create("knapsack", StrategyOptions.of("n", "1")))
                .hasMessageContaining("n >= n-low");
    }

    /** At the largest size the loop uses (timing: the allocators bench, not a unit test). */
    @Test
    void m256AndB2048SpendsTheWholeBudget() {
        SplittableRandom rng = new SplittableRandom(4);
        double[] ps = new double[256];
        for (int i = 0; i < ps.length; i++) {
            ps[i] = 0.005 + 0.02 * rng.nextDouble(); // hard prompts: est ≥ R, the worst case
        }
        List<PromptEstimate> in = estimates(ps);
        Allocation a = knapsack.allocate(in);
        assertThat(a.total()).isEqualTo(2048);
        assertThat(knapsack.allocate(in)).isEqualTo(a);
    }
}
