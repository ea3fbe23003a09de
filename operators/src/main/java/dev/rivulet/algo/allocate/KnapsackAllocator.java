package dev.rivulet.algo.allocate;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Knapsack RL's allocator: prompts with 0 < p̂ < 1 share the spare budget through an exact-capacity
 * dynamic programme that maximises Σ Value(N_i, p̂_i), Value(N, p) = (1 − p^N − (1 − p)^N)·p(1 −
 * p)²; the counts always sum to the budget B.
 */
public final class KnapsackAllocator implements BudgetAllocator {

    static final OptionSpec N =
            OptionSpec.ofInt("n", 8, "Rollouts of a prompt without a valid estimate; B = M*n.")
                    .atLeast(1);
    static final OptionSpec BUDGET =
            OptionSpec.ofInt("budget", 0, "Fixed total rollouts B per call; 0 means M*n.")
                    .atLeast(0);
    static final OptionSpec N_LOW =
            OptionSpec.ofInt("n-low", 2, "Fewest rollouts of a prompt with a valid estimate.")
                    .atLeast(1);
    static final OptionSpec N_UP =
            OptionSpec.ofInt("n-up", 128, "Most rollouts the programme gives one prompt.")
                    .atLeast(1);
    static final OptionSpec SPARE_MAX =
            OptionSpec.ofInt(
                            "spare-max",
                            0,
                            "Most rollouts a prompt with p = 0 (or another prompt outside the"
                                    + " programme) gets from the spare budget; the rest goes to"
                                    + " the programme. 0: no cap.")
                    .atLeast(0);

    private final int n;
    private final int budget;
    private final int nLow;
    private final int nUp;
    private final int spareMax;

    /** The allocator without a cap on the spare budget's rollouts per prompt. */
    public KnapsackAllocator(int n, int budget, int nLow, int nUp) {
        this(n, budget, nLow, nUp, 0);
    }

    /**
     * @param n rollouts for prompts without a valid p̂, and B = M·n when {@code budget} is 0
     * @param budget a fixed total B per call, or 0 for M·n
     * @param nLow the minimum N_i of every prompt with a valid p̂
     * @param nUp the most rollouts the programme gives one prompt
     * @param spareMax the most rollouts a prompt outside the programme's set E ends with when the
     *     spare budget is spread over such prompts (steps 2 and 3), or 0 for no cap; what the cap
     *     holds back goes to the programme, and only what E cannot take is spread over all prompts
     */
    public KnapsackAllocator(int n, int budget, int nLow, int nUp, int spareMax) {
        if (nLow < 1 || nUp < nLow || nUp - nLow > Short.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "knapsack needs 1 <= n-low <= n-up (and n-up - n-low <= 32767), got "
                            + nLow
                            + ", "
                            + nUp);
        }
        if (n < nLow) {
            throw new IllegalArgumentException(
                    "knapsack needs n >= n-low so that B = M*n covers the minimum, got n = "
                            + n
                            + ", n-low = "
                            + nLow);
        }
        if (budget < 0) {
            throw new IllegalArgumentException("option 'budget' must be >= 0, got " + budget);
        }
        if (spareMax != 0 && spareMax < Math.max(n, nLow)) {
            throw new IllegalArgumentException(
                    "knapsack needs spare-max = 0 or spare-max >= max(n, n-low), got " + spareMax);
        }
        this.spareMax = spareMax;
        this.n = n;
        this.budget = budget;
        this.nLow = nLow;
        this.nUp = nUp;
    }

    /** Value(N, p) = (1 − p^N − (1 − p)^N)·p(1 − p)². */
    public static double value(int rollouts, double p) {
        double q = 1 - p;
        return (1 - Math.pow(p, rollouts) - Math.pow(q, rollouts)) * p * q * q;
    }

    /** floor(min(nUp, ln 0.1 / ln max(p, 1 − p))): rollouts to see both outcomes w.p. 0.9. */
    public static int rolloutsFor90(double p, int nUp) {
        double m = Math.max(p, 1 - p);
        if (m >= 1) {
            return nUp;
        }
        return (int) Math.floor(Math.min(nUp, Math.log(0.1) / Math.log(m)));
    }

    @Override
    public Allocation allocate(List<PromptEstimate> prompts) {
        int m = prompts.size();
        int total = budget > 0 ? budget : m * n;
        int[] counts = new int[m];
        List<Integer> e = new ArrayList<>();
        List<Integer> zeros = new ArrayList<>();
        List<Integer> outside = new ArrayList<>();
        long minimum = 0;
        for (int i = 0; i < m; i++) {
            PromptEstimate pe = prompts.get(i);
            if (!pe.valid()) {
                counts[i] = n;
                outside.add(i);
            } else {
                counts[i] = nLow;
                if (pe.p() > 0 && pe.p() < 1) {
                    e.add(i);
                } else {
                    outside.add(i);
                    if (pe.p() == 0) {
                        zeros.add(i);
                    }
                }
            }
            minimum += counts[i];
        }
        if (minimum > total) {
            throw new IllegalArgumentException(
                    "budget "
                            + total
                            + " is below the minimum "
                            + minimum
                            + " (n-low per estimated prompt, n per unknown one)");
        }
        int r = (int) (total - minimum);
        if (e.isEmpty()) {
            if (r > 0) {
                List<Integer> targets = zeros;
                if (targets.isEmpty()) {
                    targets = atMinimum(prompts);
                }
                if (targets.isEmpty()) {
                    targets = all(m);
                }
                int left = spreadCapped(counts, targets, r);
                if (left > 0) {
                    spread(counts, all(m), left);
                }
            }
            return result(prompts, counts, total);
        }
        int est = 0;
        for (int i : e) {
            est += rolloutsFor90(prompts.get(i).p(), nUp);
        }
        if (est < r) {
            List<Integer> targets = zeros.isEmpty() ? outside : zeros;
            if (!targets.isEmpty()) {
                r = est + spreadCapped(counts, targets, r - est);
            }
        }
        double[] p = new double[e.size()];
        for (int j = 0; j < p.length; j++) {
            p[j] = prompts.get(e.get(j)).p();
        }
        int capacity = Math.min(r, p.length * (nUp - nLow));
        int[] chosen = solve(p, capacity, nLow, nUp);
        for (int j = 0; j < p.length; j++) {
            counts[e.get(j)] = chosen[j];
        }
        if (r > capacity) {
            spread(counts, all(m), r - capacity);
        }
        return result(prompts, counts, total);
    }

    /**
     * The exact-capacity programme: N_i in [nLow, nUp] with Σ (N_i − nLow) = {@code capacity},
     * maximising Σ Value(N_i, p_i); a capacity beyond every item at nUp is cut to that largest
     * reachable one. Ties go to the smaller N of the later item. O(|p|·C·K).
     */
    public static int[] solve(double[] p, int requested, int nLow, int nUp) {
        int k = nUp - nLow;
        int items = p.length;
        if (requested < 0 || nLow < 0 || k < 0) {
            throw new IllegalArgumentException(
                    "need capacity >= 0 and 0 <= nLow <= nUp, got "
                            + requested
                            + ", "
                            + nLow
                            + ", "
                            + nUp);
        }
        int capacity = (int) Math.min(requested, (long) items * k);
        double[] prev = new double[capacity + 1];
        double[] cur = new double[capacity + 1];
        java.util.Arrays.fill(prev, Double.NEGATIVE_INFINITY);
        prev[0] = 0;
        short[][] choice = new short[items][];
        double[] v = new double[k + 1];
        for (int j = 0; j < items; j++) {
            for (int x = 0; x <= k; x++) {
                v[x] = value(nLow + x, p[j]);
            }
            int reach = (int) Math.min(capacity, (long) (j + 1) * k);
            short[] ch = new short[reach + 1];
            for (int c = 0; c <= reach; c++) {
                double best = Double.NEGATIVE_INFINITY;
                int arg = 0;
                int top = Math.min(k, c);
                for (int x = 0; x <= top; x++) {
                    double cand = prev[c - x] + v[x];
                    if (cand > best) {
                        best = cand;
                        arg = x;
                    }
                }
                cur[c] = best;
                ch[c] = (short) arg;
            }
            java.util.Arrays.fill(cur, reach + 1, capacity + 1, Double.NEGATIVE_INFINITY);
            choice[j] = ch;
            double[] t = prev;
            prev = cur;
            cur = t;
        }
        int[] out = new int[items];
        int c = capacity;
        for (int j = items - 1; j >= 0; j--) {
            int x = choice[j][c];
            out[j] = nLow + x;
            c -= x;
        }
        return out;
    }

    private List<Integer> atMinimum(List<PromptEstimate> prompts) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            if (prompts.get(i).valid()) {
                out.add(i);
            }
        }
        return out;
    }

    private static List<Integer> all(int m) {
        List<Integer> out = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            out.add(i);
        }
        return out;
    }

    /**
     * Spreads {@code amount} over {@code targets} as evenly as possible without taking any above
     * {@code spare-max} (no cap when it is 0); returns what did not fit.
     */
    private int spreadCapped(int[] counts, List<Integer> targets, int amount) {
        if (spareMax == 0) {
            spread(counts, targets, amount);
            return 0;
        }
        int left = amount;
        while (left > 0) {
            List<Integer> open = new ArrayList<>();
            for (int i : targets) {
                if (counts[i] < spareMax) {
                    open.add(i);
                }
            }
            if (open.isEmpty()) {
                break;
            }
            int room = Integer.MAX_VALUE;
            for (int i : open) {
                room = Math.min(room, spareMax - counts[i]);
            }
            int give = (int) Math.min(left, (long) room * open.size());
            spread(counts, open, give);
            left -= give;
        }
        return left;
    }

    /** Adds {@code amount} over {@code targets} as evenly as possible, the earlier ones first. */
    private static void spread(int[] counts, List<Integer> targets, int amount) {
        int t = targets.size();
        int base = amount / t;
        int extra = amount % t;
        for (int j = 0; j < t; j++) {
            counts[targets.get(j)] += base + (j < extra ? 1 : 0);
        }
    }

    private static Allocation result(List<PromptEstimate> prompts, int[] counts, int total) {
        List<String> ids = new ArrayList<>(counts.length);
        List<Integer> rollouts = new ArrayList<>(counts.length);
        double value = 0;
        for (int i = 0; i < counts.length; i++) {
            PromptEstimate pe = prompts.get(i);
            ids.add(pe.promptId());
            rollouts.add(counts[i]);
            if (pe.valid() && pe.p() > 0 && pe.p() < 1) {
                value += value(counts[i], pe.p());
            }
        }
        return new Allocation(ids, rollouts, total, value);
    }

    /** Registers {@code knapsack}. */
    public static final class Factory implements BudgetAllocatorFactory {
        @Override
        public String id() {
            return "knapsack";
        }

        @Override
        public String description() {
            return "Knapsack RL: spends the budget where a group is most likely to carry gradient.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(N, BUDGET, N_LOW, N_UP, SPARE_MAX);
        }

        @Override
        public BudgetAllocator create(StrategyOptions options) {
            return new KnapsackAllocator(
                    N.intValue(options),
                    BUDGET.intValue(options),
                    N_LOW.intValue(options),
                    N_UP.intValue(options),
                    SPARE_MAX.intValue(options));
        }
    }
}
