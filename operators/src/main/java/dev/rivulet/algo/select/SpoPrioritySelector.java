package dev.rivulet.algo.select;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * SPO's prioritised sampling: M prompts drawn with probability ∝ sqrt(v̂(1 − v̂)) + 0.05, without
 * replacement unless the pool is smaller than M; each gets one rollout.
 */
public final class SpoPrioritySelector implements PromptSelector {

    static final OptionSpec FLOOR =
            OptionSpec.ofDouble("floor", 0.05, "Weight added to every prompt's sqrt(v(1-v)).")
                    .above(0);

    private final double floor;

    public SpoPrioritySelector(double floor) {
        if (!(floor > 0) || Double.isInfinite(floor)) {
            throw new IllegalArgumentException("option 'floor' must be > 0, got " + floor);
        }
        this.floor = floor;
    }

    /** The sampling weight sqrt(v̂(1 − v̂)) + floor of a value. */
    public double weight(double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("spo-priority needs v in [0, 1], got " + value);
        }
        return Math.sqrt(value * (1 - value)) + floor;
    }

    /**
     * Exactly M ids: sequential weighted draws without replacement (Efraimidis–Spirakis keys) when
     * the pool has at least M prompts, else M independent weighted draws with replacement.
     */
    @Override
    public Selection select(List<Candidate> pool, int m, SelectorState state, RandomGenerator rng) {
        PromptSelector.checkM(m);
        int n = pool.size();
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = weight(pool.get(i).value());
        }
        List<String> out = new ArrayList<>(m);
        if (n == 0 || m == 0) {
            return new Selection(out, state);
        }
        if (n >= m) {
            record Keyed(int index, double key) {}
            List<Keyed> keys = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                double u = rng.nextDouble();
                keys.add(new Keyed(i, Math.log(u) / w[i]));
            }
            keys.sort(Comparator.comparingDouble(Keyed::key).reversed());
            for (int i = 0; i < m; i++) {
                out.add(pool.get(keys.get(i).index()).promptId());
            }
        } else {
            double[] cumulative = new double[n];
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += w[i];
                cumulative[i] = total;
            }
            for (int j = 0; j < m; j++) {
                double u = rng.nextDouble() * total;
                int i = Arrays.binarySearch(cumulative, u);
                i = i >= 0 ? Math.min(i + 1, n - 1) : -i - 1;
                out.add(pool.get(Math.min(i, n - 1)).promptId());
            }
        }
        return new Selection(out, state);
    }

    /** Registers {@code spo-priority}. */
    public static final class Factory implements PromptSelectorFactory {
        @Override
        public String id() {
            return "spo-priority";
        }

        @Override
        public String description() {
            return "Samples prompts with probability proportional to sqrt(v(1-v)) + 0.05.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(FLOOR);
        }

        @Override
        public PromptSelector create(StrategyOptions options) {
            return new SpoPrioritySelector(FLOOR.doubleValue(options));
        }
    }
}
