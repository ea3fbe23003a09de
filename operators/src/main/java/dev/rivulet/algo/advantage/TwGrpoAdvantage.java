package dev.rivulet.algo.advantage;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * TW-GRPO token weighting: A_{i,t} = w_t · A_GRPO(i), where w_t grows with how much the group's
 * samples disagree at position t. The disagreement d_t is the spread of the behaviour log-probs
 * s_{i,t} of the samples that reach t, around their mean m_t: {@code kl} (default) averages k3(m_t
 * − s_{i,t}) = e^x − x − 1 (the authors' divergence to the group's mean log-distribution, read on
 * the sampled token), {@code variance} averages (s_{i,t} − m_t)². Then w_t = 1 + (α − 1) · (d_t −
 * min d) / (max d − min d + 1e-8) over the group's positions, so w ∈ [1, α].
 *
 * <p>Without features only the GRPO scalars come back (every w = 1).
 */
public final class TwGrpoAdvantage implements AdvantageEstimator {

    /** How the disagreement at one position is measured. */
    public enum Spread {
        /** Mean k3 divergence to the mean log-prob, clamped to ±11 as the authors' code does. */
        KL,
        /** Population variance of the log-probs. */
        VARIANCE
    }

    static final double CLAMP = 11.0;
    static final double NORM_EPS = 1e-8;

    static final OptionSpec ALPHA =
            OptionSpec.ofDouble(
                            "alpha",
                            1.7,
                            "Largest token weight (weights span [1, alpha]); 1.7 is the"
                                    + " authors' run script scripts/tw-grpo.sh (their code's"
                                    + " default is 1.4).")
                    .atLeast(1);

    static final OptionSpec SPREAD =
            OptionSpec.ofEnum(
                    "spread",
                    Spread.KL,
                    "Disagreement at a position: kl (mean e^x - x - 1 of the log-prob's gap to"
                            + " the group mean, the authors' divergence) or variance.");

    private final double clip;
    private final double alpha;
    private final Spread spread;
    private final GrpoAdvantage grpo = new GrpoAdvantage(0.0);

    public TwGrpoAdvantage(double clip, double alpha, Spread spread) {
        if (!(alpha >= 1)) {
            throw new IllegalArgumentException("alpha must be >= 1, got " + alpha);
        }
        this.clip = clip;
        this.alpha = alpha;
        this.spread = spread;
    }

    @Override
    public boolean needsGroup() {
        return true;
    }

    @Override
    public AdvantageResult estimate(AdvantageInput input, RandomGenerator rng) {
        double[] r = input.rewards();
        double[] a = grpo.estimate(AdvantageInput.group(r), rng).advantages();
        AdvantageResult result = GroupMath.finish(r, a, clip, 0);
        if (!input.hasFeatures()) {
            return result;
        }
        double[] w = weights(input);
        List<float[]> out = new ArrayList<>(r.length);
        for (int i = 0; i < r.length; i++) {
            float[] t = new float[input.feature(i).length()];
            for (int j = 0; j < t.length; j++) {
                t[j] = (float) (w[j] * result.advantage(i));
            }
            out.add(t);
        }
        return result.withTokenAdvantages(out);
    }

    /** w_t for every position up to the group's longest response. */
    double[] weights(AdvantageInput input) {
        int n = input.size();
        float[][] s = new float[n][];
        int longest = 0;
        for (int i = 0; i < n; i++) {
            s[i] = input.feature(i).behaviourLogprobs();
            longest = Math.max(longest, s[i].length);
        }
        double[] d = new double[longest];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < longest; t++) {
            d[t] = spreadAt(s, t);
            min = Math.min(min, d[t]);
            max = Math.max(max, d[t]);
        }
        double[] w = new double[longest];
        for (int t = 0; t < longest; t++) {
            w[t] = 1.0 + (alpha - 1.0) * (d[t] - min) / (max - min + NORM_EPS);
        }
        return w;
    }

    /** d_t over the samples whose response reaches t; 0 when fewer than two do. */
    private double spreadAt(float[][] s, int t) {
        double sum = 0;
        int present = 0;
        for (float[] x : s) {
            if (t < x.length) {
                sum += x[t];
                present++;
            }
        }
        if (present < 2) {
            return 0.0;
        }
        double mean = sum / present;
        double acc = 0;
        for (float[] x : s) {
            if (t < x.length) {
                double gap = mean - x[t];
                if (spread == Spread.KL) {
                    double g = Math.max(-CLAMP, Math.min(CLAMP, gap));
                    acc += Math.exp(g) - g - 1.0;
                } else {
                    acc += gap * gap;
                }
            }
        }
        return acc / present;
    }

    /** Registers {@code tw-grpo}. */
    public static final class Factory implements AdvantageEstimatorFactory {
        @Override
        public String id() {
            return "tw-grpo";
        }

        @Override
        public String description() {
            return "TW-GRPO: GRPO advantage times a per-position weight in [1, alpha] that grows"
                    + " with the group's disagreement (behaviour log-probs) at that position.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(GroupMath.CLIP, ALPHA, SPREAD);
        }

        @Override
        public AdvantageEstimator create(StrategyOptions options) {
            return new TwGrpoAdvantage(
                    GroupMath.CLIP.doubleValue(options),
                    ALPHA.doubleValue(options),
                    SPREAD.enumValue(options, Spread.class));
        }
    }
}
