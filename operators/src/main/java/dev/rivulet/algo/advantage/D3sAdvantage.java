package dev.rivulet.algo.advantage;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * D³S (dynamic dual-level down-sampling): GRPO advantages, then only the rollouts of the group
 * whose advantages have the largest variance keep theirs, and within those only the top fraction of
 * tokens by |A_i|·H_{i,t}; both fractions grow linearly with the policy version from an aggressive
 * start to a relaxed end. Everything not kept gets advantage 0.
 *
 * <p>Without per-token entropies (or without features at all) the token level keeps every token of
 * a kept rollout; without features the schedule reads version 0 and only scalars come back.
 */
public final class D3sAdvantage implements AdvantageEstimator {

    static final OptionSpec SAMPLE_RATIO_INIT =
            OptionSpec.ofDouble(
                            "sample-ratio-init",
                            0.5,
                            "Fraction of a group's rollouts kept at policy version 0 (max Var(A)"
                                    + " subset; the paper's N_init as a fraction). 0.5 (4 of 8) is"
                                    + " our choice: the paper's value was not readable here.")
                    .above(0)
                    .atMost(1);

    static final OptionSpec SAMPLE_RATIO_FINAL =
            OptionSpec.ofDouble(
                            "sample-ratio-final",
                            1.0,
                            "Fraction of a group's rollouts kept once the schedule ends (the"
                                    + " paper relaxes toward keeping all, N_final).")
                    .above(0)
                    .atMost(1);

    static final OptionSpec TOKEN_RATIO_INIT =
            OptionSpec.ofDouble(
                            "token-ratio-init",
                            0.2,
                            "Fraction of the kept rollouts' tokens kept at version 0, top by"
                                    + " |A|*H (K_init; 0.2 from the paper's 'fewer than 20% of"
                                    + " tokens' and the top-20% high-entropy tokens it builds on).")
                    .above(0)
                    .atMost(1);

    static final OptionSpec TOKEN_RATIO_FINAL =
            OptionSpec.ofDouble(
                            "token-ratio-final",
                            1.0,
                            "Fraction of tokens kept once the schedule ends (K_final; relaxes"
                                    + " toward every token).")
                    .above(0)
                    .atMost(1);

    static final OptionSpec SCHEDULE_VERSIONS =
            OptionSpec.ofInt(
                            "schedule-versions",
                            200,
                            "Policy versions over which both fractions move linearly from init"
                                    + " to final (the paper's training progress p = step /"
                                    + " total steps); set it to the run's learner steps.")
                    .atLeast(1);

    private final double clip;
    private final double sampleInit;
    private final double sampleFinal;
    private final double tokenInit;
    private final double tokenFinal;
    private final int scheduleVersions;
    private final GrpoAdvantage grpo = new GrpoAdvantage(0.0);

    public D3sAdvantage(
            double clip,
            double sampleInit,
            double sampleFinal,
            double tokenInit,
            double tokenFinal,
            int scheduleVersions) {
        checkRatio("sample-ratio-init", sampleInit);
        checkRatio("sample-ratio-final", sampleFinal);
        checkRatio("token-ratio-init", tokenInit);
        checkRatio("token-ratio-final", tokenFinal);
        if (scheduleVersions < 1) {
            throw new IllegalArgumentException(
                    "schedule-versions must be >= 1, got " + scheduleVersions);
        }
        this.clip = clip;
        this.sampleInit = sampleInit;
        this.sampleFinal = sampleFinal;
        this.tokenInit = tokenInit;
        this.tokenFinal = tokenFinal;
        this.scheduleVersions = scheduleVersions;
    }

    private static void checkRatio(String key, double v) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException(key + " must be in (0, 1], got " + v);
        }
    }

    @Override
    public boolean needsGroup() {
        return true;
    }

    @Override
    public AdvantageResult estimate(AdvantageInput input, RandomGenerator rng) {
        double[] r = input.rewards();
        int n = r.length;
        double[] base = grpo.estimate(AdvantageInput.group(r), rng).advantages();
        double p = progress(input);
        int k = keptCount(n, lerp(sampleInit, sampleFinal, p));
        boolean[] kept = maxVarianceSubset(base, k);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = kept[i] ? base[i] : 0.0;
        }
        AdvantageResult result = GroupMath.finish(r, a, clip, n - k);
        if (!input.hasFeatures()) {
            return result;
        }
        return result.withTokenAdvantages(
                tokenLevel(input, result, kept, lerp(tokenInit, tokenFinal, p)));
    }

    /** Training progress p in [0, 1]: the group's oldest policy version over the schedule. */
    double progress(AdvantageInput input) {
        if (!input.hasFeatures() || input.size() == 0) {
            return 0.0;
        }
        long version = Long.MAX_VALUE;
        for (int i = 0; i < input.size(); i++) {
            version = Math.min(version, input.feature(i).policyVersion());
        }
        return Math.min(1.0, (double) version / scheduleVersions);
    }

    private static double lerp(double init, double fin, double p) {
        return (1 - p) * init + p * fin;
    }

    /** ceil(ratio·n), at least two (one rollout has no variance) and at most n. */
    static int keptCount(int n, double ratio) {
        int k = (int) Math.ceil(ratio * n - 1e-9);
        return Math.max(Math.min(n, 2), Math.min(n, k));
    }

    /**
     * The k-subset with the largest variance of {@code x}: some j largest plus the k − j smallest
     * values (PODS' max-variance rule, exact); every split j = 0..k is tried, ties go to the
     * smallest j and, within equal values, to the lower index.
     */
    static boolean[] maxVarianceSubset(double[] x, int k) {
        int n = x.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> x[i]));
        int bestJ = 0;
        double bestVar = Double.NEGATIVE_INFINITY;
        for (int j = 0; j <= k; j++) {
            double[] pick = new double[k];
            int c = 0;
            for (int lo = 0; lo < k - j; lo++) {
                pick[c++] = x[order[lo]];
            }
            for (int hi = n - j; hi < n; hi++) {
                pick[c++] = x[order[hi]];
            }
            double var = populationVariance(pick);
            if (var > bestVar) {
                bestVar = var;
                bestJ = j;
            }
        }
        boolean[] kept = new boolean[n];
        for (int lo = 0; lo < k - bestJ; lo++) {
            kept[order[lo]] = true;
        }
        for (int hi = n - bestJ; hi < n; hi++) {
            kept[order[hi]] = true;
        }
        return kept;
    }

    private static double populationVariance(double[] x) {
        if (x.length == 0) {
            return 0.0;
        }
        double mean = GroupMath.mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - mean) * (v - mean);
        }
        return s / x.length;
    }

    /**
     * Per-token advantages: A_i on the top ceil(ratio·T) tokens of the kept rollouts by
     * |A_i|·H_{i,t} (T their token count; ties to the earlier sample, then the earlier token), 0
     * elsewhere and on dropped rollouts. Without entropies on every kept rollout, every token of a
     * kept rollout.
     */
    private static List<float[]> tokenLevel(
            AdvantageInput input, AdvantageResult result, boolean[] kept, double ratio) {
        int n = input.size();
        List<float[]> out = new ArrayList<>(n);
        boolean entropies = true;
        int total = 0;
        for (int i = 0; i < n; i++) {
            SampleFeatures f = input.feature(i);
            out.add(new float[f.length()]);
            if (kept[i]) {
                total += f.length();
                entropies &= f.hasEntropies() || f.length() == 0;
            }
        }
        if (!entropies) {
            for (int i = 0; i < n; i++) {
                if (kept[i]) {
                    Arrays.fill(out.get(i), (float) result.advantage(i));
                }
            }
            return out;
        }
        // (sample, position, score) of every kept token, in sample then position order
        int[] sample = new int[total];
        int[] pos = new int[total];
        double[] score = new double[total];
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (!kept[i]) {
                continue;
            }
            float[] h = input.feature(i).entropies();
            double absA = Math.abs(result.advantage(i));
            for (int t = 0; t < h.length; t++) {
                sample[c] = i;
                pos[c] = t;
                score[c] = absA * h[t];
                c++;
            }
        }
        Integer[] order = new Integer[total];
        for (int j = 0; j < total; j++) {
            order[j] = j;
        }
        // stable: equal scores keep sample-then-position order
        Arrays.sort(order, Comparator.comparingDouble((Integer j) -> -score[j]));
        int m = (int) Math.min(total, Math.ceil(ratio * total - 1e-9));
        for (int q = 0; q < m; q++) {
            int j = order[q];
            out.get(sample[j])[pos[j]] = (float) result.advantage(sample[j]);
        }
        return out;
    }

    /** Registers {@code d3s}. */
    public static final class Factory implements AdvantageEstimatorFactory {
        @Override
        public String id() {
            return "d3s";
        }

        @Override
        public String description() {
            return "D3S: GRPO advantages kept only on the max-Var(A) subset of the group and its"
                    + " top |A|*entropy tokens, both fractions relaxing with the policy version.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(
                    GroupMath.CLIP,
                    SAMPLE_RATIO_INIT,
                    SAMPLE_RATIO_FINAL,
                    TOKEN_RATIO_INIT,
                    TOKEN_RATIO_FINAL,
                    SCHEDULE_VERSIONS);
        }

        @Override
        public AdvantageEstimator create(StrategyOptions options) {
            return new D3sAdvantage(
                    GroupMath.CLIP.doubleValue(options),
                    SAMPLE_RATIO_INIT.doubleValue(options),
                    SAMPLE_RATIO_FINAL.doubleValue(options),
                    TOKEN_RATIO_INIT.doubleValue(options),
                    TOKEN_RATIO_FINAL.doubleValue(options),
                    SCHEDULE_VERSIONS.intValue(options));
        }
    }
}
