package dev.rivulet.algo.select;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * MMR1's variance-aware sampling (VAS): of the min(M, |pool|) prompts, floor(mix·K) are drawn
 * without replacement with probability ∝ the min-max-normalised variance promotion score VPS = p̂(1
 * − p̂) (the outcome variance score; no trajectory diversity term, see the page), and the rest come
 * from {@code uniform}'s seeded round-robin; the two parts are interleaved, weighted first.
 */
public final class VasSelector implements PromptSelector {

    static final OptionSpec MIX =
            OptionSpec.ofDouble(
                            "mix",
                            0.5,
                            "Share of each selection drawn by VPS weight; the rest is uniform"
                                    + " (MMR1's curriculum_mixture_ratio).")
                    .atLeast(0)
                    .atMost(1);

    /** The outcome variance score of a prompt whose success rate is unknown: the maximum. */
    static final double UNKNOWN_OVS = 0.25;

    private final double mix;
    private final UniformSelector uniform = new UniformSelector();

    public VasSelector(double mix) {
        if (!(mix >= 0 && mix <= 1)) {
            throw new IllegalArgumentException("option 'mix' must be in [0, 1], got " + mix);
        }
        this.mix = mix;
    }

    /** OVS = p̂(1 − p̂); 0.25 (the maximum) when p̂ is unknown (NaN). */
    public static double ovs(double value) {
        if (Double.isNaN(value)) {
            return UNKNOWN_OVS;
        }
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("vas needs p in [0, 1], got " + value);
        }
        return value * (1 - value);
    }

    /**
     * The sampling weights: each candidate's OVS min-max normalised over the pool, (v − min)/(max −
     * min), so the lowest gets 0 and the highest 1; all 1 when every score is equal.
     */
    public static double[] weights(List<Candidate> pool) {
        int n = pool.size();
        double[] v = new double[n];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            v[i] = ovs(pool.get(i).value());
            lo = Math.min(lo, v[i]);
            hi = Math.max(hi, v[i]);
        }
        for (int i = 0; i < n; i++) {
            v[i] = hi > lo ? (v[i] - lo) / (hi - lo) : 1.0;
        }
        return v;
    }

    /** How many of {@code k} prompts the weighted part draws: floor(mix·k). */
    int weightedCount(int k) {
        return (int) Math.floor(mix * k);
    }

    @Override
    public Selection select(List<Candidate> pool, int m, SelectorState state, RandomGenerator rng) {
        PromptSelector.checkM(m);
        int want = Math.min(m, pool.size());
        int kWeighted = weightedCount(want);
        Selection random = uniform.select(pool, want - kWeighted, state, rng);
        Set<String> taken = new HashSet<>(random.promptIds());
        double[] w = weights(pool);
        record Keyed(int index, double key, double u) {}
        List<Keyed> keys = new ArrayList<>(pool.size());
        for (int i = 0; i < pool.size(); i++) {
            double u = 1.0 - rng.nextDouble();
            if (!taken.contains(pool.get(i).promptId())) {
                double key = w[i] > 0 ? Math.log(u) / w[i] : Double.NEGATIVE_INFINITY;
                keys.add(new Keyed(i, key, u));
            }
        }
        // weighted draws without replacement (Efraimidis-Spirakis); weight-0 prompts only when
        // nothing else is left, in a random order
        keys.sort(Comparator.comparingDouble(Keyed::key).thenComparingDouble(Keyed::u).reversed());
        List<String> weighted = new ArrayList<>(kWeighted);
        for (int i = 0; i < kWeighted; i++) {
            weighted.add(pool.get(keys.get(i).index()).promptId());
        }
        List<String> out = new ArrayList<>(want);
        for (int i = 0; i < Math.max(weighted.size(), random.size()); i++) {
            if (i < weighted.size()) {
                out.add(weighted.get(i));
            }
            if (i < random.size()) {
                out.add(random.promptIds().get(i));
            }
        }
        return new Selection(out, random.next());
    }

    /** Registers {@code vas}. */
    public static final class Factory implements PromptSelectorFactory {
        @Override
        public String id() {
            return "vas";
        }

        @Override
        public String description() {
            return "MMR1's variance-aware sampling: a mix of draws weighted by p(1-p) and uniform"
                    + " round-robin.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(MIX);
        }

        @Override
        public PromptSelector create(StrategyOptions options) {
            return new VasSelector(MIX.doubleValue(options));
        }
    }
}
