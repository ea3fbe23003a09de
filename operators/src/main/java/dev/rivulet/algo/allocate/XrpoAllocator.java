package dev.rivulet.algo.allocate;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * XRPO's uncertainty-driven rollout allocator: every prompt with a valid p̂ starts at {@code n-min}
 * rollouts, then the spare budget goes one rollout at a time to the prompt whose confidence
 * interval on its mean reward would shrink most, Δ(n) = h(n) − h(n + 1) with the half-width h(n) =
 * t_{1−α/2, n−1}·s/√n and s = sqrt(p̂(1 − p̂)); the counts always sum to the budget B.
 */
public final class XrpoAllocator implements BudgetAllocator {

    static final OptionSpec N =
            OptionSpec.ofInt("n", 8, "Rollouts of a prompt without a valid estimate; B = M*n.")
                    .atLeast(1);
    static final OptionSpec BUDGET =
            OptionSpec.ofInt("budget", 0, "Fixed total rollouts B per call; 0 means M*n.")
                    .atLeast(0);
    static final OptionSpec N_MIN =
            OptionSpec.ofInt(
                            "n-min",
                            2,
                            "Rollouts every prompt with a valid estimate gets first (at least 2:"
                                    + " a t interval needs n - 1 >= 1 degrees of freedom).")
                    .atLeast(2);
    static final OptionSpec N_MAX =
            OptionSpec.ofInt("n-max", 128, "Most rollouts the greedy step gives one prompt.")
                    .atLeast(2);
    static final OptionSpec CONFIDENCE =
            OptionSpec.ofDouble("confidence", 0.95, "1 - alpha of the t confidence interval.")
                    .above(0)
                    .below(1);

    private final int n;
    private final int budget;
    private final int nMin;
    private final int nMax;
    private final double[] t;

    /**
     * @param n rollouts for prompts without a valid p̂, and B = M·n when {@code budget} is 0
     * @param budget a fixed total B per call, or 0 for M·n
     * @param nMin the first rollouts of every prompt with a valid p̂ (≥ 2)
     * @param nMax the most rollouts the greedy step gives one prompt
     * @param confidence 1 − α of the interval
     */
    public XrpoAllocator(int n, int budget, int nMin, int nMax, double confidence) {
        if (nMin < 2 || nMax < nMin) {
            throw new IllegalArgumentException(
                    "xrpo needs 2 <= n-min <= n-max, got " + nMin + ", " + nMax);
        }
        if (n < 1 || budget < 0) {
            throw new IllegalArgumentException(
                    "xrpo needs n >= 1 and budget >= 0, got " + n + ", " + budget);
        }
        this.n = n;
        this.budget = budget;
        this.nMin = nMin;
        this.nMax = nMax;
        this.t = new double[nMax + 1];
        for (int df = 1; df <= nMax; df++) {
            t[df] = StudentT.critical(confidence, df);
        }
    }

    /** The half-width h(k) = t_{1−α/2, k−1}·s/√k of k ≥ 2 rewards with standard deviation s. */
    public double halfWidth(int k, double s) {
        if (k < 2 || k > nMax + 1) {
            throw new IllegalArgumentException("k must be in [2, n-max + 1], got " + k);
        }
        return t[k - 1] * s / Math.sqrt(k);
    }

    /** Δ(k) = h(k) − h(k + 1) for a prompt with success estimate p. */
    public double reduction(int k, double p) {
        double s = Math.sqrt(p * (1 - p));
        return halfWidth(k, s) - halfWidth(k + 1, s);
    }

    @Override
    public Allocation allocate(List<PromptEstimate> prompts) {
        int m = prompts.size();
        if (m == 0) {
            return new Allocation(List.of(), List.of(), 0, 0.0);
        }
        int total = budget > 0 ? budget : m * n;
        int[] counts = new int[m];
        long minimum = 0;
        for (int i = 0; i < m; i++) {
            counts[i] = prompts.get(i).valid() ? nMin : n;
            minimum += counts[i];
        }
        if (minimum > total) {
            throw new IllegalArgumentException(
                    "budget "
                            + total
                            + " is below the minimum "
                            + minimum
                            + " (n-min per estimated prompt, n per unknown one)");
        }
        int r = (int) (total - minimum);
        record Gain(int index, double delta) {}
        PriorityQueue<Gain> queue =
                new PriorityQueue<>(
                        (a, b) ->
                                a.delta() != b.delta()
                                        ? Double.compare(b.delta(), a.delta())
                                        : Integer.compare(a.index(), b.index()));
        for (int i = 0; i < m; i++) {
            PromptEstimate pe = prompts.get(i);
            if (pe.valid() && pe.p() > 0 && pe.p() < 1 && counts[i] < nMax) {
                queue.add(new Gain(i, reduction(counts[i], pe.p())));
            }
        }
        while (r > 0 && !queue.isEmpty()) {
            int i = queue.poll().index();
            counts[i]++;
            r--;
            if (counts[i] < nMax) {
                queue.add(new Gain(i, reduction(counts[i], prompts.get(i).p())));
            }
        }
        for (int i = 0; r > 0; i = (i + 1) % m) {
            counts[i]++;
            r--;
        }
        List<String> ids = new ArrayList<>(m);
        List<Integer> rollouts = new ArrayList<>(m);
        double shrink = 0;
        for (int i = 0; i < m; i++) {
            PromptEstimate pe = prompts.get(i);
            ids.add(pe.promptId());
            rollouts.add(counts[i]);
            if (pe.valid() && pe.p() > 0 && pe.p() < 1) {
                double s = Math.sqrt(pe.p() * (1 - pe.p()));
                shrink += halfWidth(nMin, s) - halfWidth(Math.min(counts[i], nMax), s);
            }
        }
        return new Allocation(ids, rollouts, total, shrink);
    }

    /** Registers {@code xrpo}. */
    public static final class Factory implements BudgetAllocatorFactory {
        @Override
        public String id() {
            return "xrpo";
        }

        @Override
        public String description() {
            return "XRPO: spare rollouts go to the prompts whose t confidence interval on the"
                    + " mean reward would shrink most.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(N, BUDGET, N_MIN, N_MAX, CONFIDENCE);
        }

        @Override
        public BudgetAllocator create(StrategyOptions options) {
            return new XrpoAllocator(
                    N.intValue(options),
                    BUDGET.intValue(options),
                    N_MIN.intValue(options),
                    N_MAX.intValue(options),
                    CONFIDENCE.doubleValue(options));
        }
    }
}
