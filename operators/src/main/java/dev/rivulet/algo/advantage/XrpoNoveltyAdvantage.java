package dev.rivulet.algo.advantage;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * XRPO's novelty-guided advantage sharpening (Bamba et al., "XRPO: Pushing the limits of GRPO with
 * Targeted Exploration and Exploitation"): GRPO's A_i, plus a bonus for a correct response the
 * policy found less likely than the group's average.
 *
 * <p>s_i = (1/|y_i|)·Σ_t log π_old(y_{i,t}) is the response's mean token log-prob, s̄ the group's
 * mean of s, η_i = exp(s_i − s̄) its likelihood relative to the group. A response with A_i > 0 gets
 * A⁺_i = A_i + min(max(λ·(1 − η_i), 0), κ·A_i): only a response less likely than average (η < 1)
 * gains, by at most κ·A_i; every other response keeps A_i. An input without features gets plain
 * GRPO.
 */
public final class XrpoNoveltyAdvantage implements AdvantageEstimator {

    static final OptionSpec LAMBDA =
            OptionSpec.ofDouble(
                            "lambda",
                            1.0,
                            "λ_novelty: the bonus λ·(1 − η) of a correct response whose likelihood"
                                    + " is η times the group's; 0 gives GRPO.")
                    .atLeast(0);

    static final OptionSpec KAPPA =
            OptionSpec.ofDouble(
                            "kappa",
                            1.0,
                            "κ_clip: the bonus is at most κ·A, so sharpening at most multiplies a"
                                    + " positive advantage by 1 + κ.")
                    .atLeast(0);

    private final double clip;
    private final double lambda;
    private final double kappa;

    public XrpoNoveltyAdvantage(double clip, double lambda, double kappa) {
        if (!(lambda >= 0) || !(kappa >= 0)) {
            throw new IllegalArgumentException(
                    "lambda and kappa must be >= 0, got lambda=" + lambda + ", kappa=" + kappa);
        }
        this.clip = clip;
        this.lambda = lambda;
        this.kappa = kappa;
    }

    @Override
    public boolean needsGroup() {
        return true;
    }

    @Override
    public AdvantageResult estimate(AdvantageInput input, RandomGenerator rng) {
        double[] r = input.rewards();
        if (!input.hasFeatures() || r.length == 0) {
            return new GrpoAdvantage(clip).estimate(input, rng);
        }
        double[] a = TokenCredit.grpo(r, rng);
        double[] s = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            s[i] = meanLogprob(input.feature(i));
        }
        double sBar = GroupMath.mean(s);
        for (int i = 0; i < r.length; i++) {
            if (a[i] > 0) {
                double eta = Math.exp(s[i] - sBar);
                a[i] += Math.min(Math.max(lambda * (1 - eta), 0.0), kappa * a[i]);
            }
        }
        return GroupMath.finish(r, a, clip, 0);
    }

    /** The mean token log-prob; 0 (the likeliest possible) for an empty response. */
    static double meanLogprob(SampleFeatures f) {
        return f.length() == 0 ? 0.0 : f.sequenceLogprob() / f.length();
    }

    /** Registers {@code xrpo-novelty}. */
    public static final class Factory implements AdvantageEstimatorFactory {
        @Override
        public String id() {
            return "xrpo-novelty";
        }

        @Override
        public String description() {
            return "XRPO's novelty sharpening: GRPO plus min(max(λ(1 − η), 0), κA) for a correct"
                    + " response with likelihood η times the group's (mean token log-probs).";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(GroupMath.CLIP, LAMBDA, KAPPA);
        }

        @Override
        public AdvantageEstimator create(StrategyOptions options) {
            return new XrpoNoveltyAdvantage(
                    GroupMath.CLIP.doubleValue(options),
                    LAMBDA.doubleValue(options),
                    KAPPA.doubleValue(options));
        }
    }
}
