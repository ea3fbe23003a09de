package dev.rivulet.algo.advantage;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * RiskPO (Ren, Jiang et al., "RiskPO: Risk-based Policy Optimization via Verifiable Reward for LLM
 * Post-Training"), one group as one bundle: with q_α and q_β the group's α and β reward quantiles,
 * the range-VaR term (clamp(r, q_α, q_β) − q_β)/(β − α) and the lower-tail CVaR term −max(q_α − r,
 * 0)/α are mixed as (w·CVaR + RVaR)/(w + 1) and divided by the group's std. Only rewards below q_β
 * are pushed, the lower tail hardest: the Mixed Value-at-Risk objective's per-sample weights.
 */
public final class RiskpoAdvantage implements AdvantageEstimator {

    static final OptionSpec ALPHA =
            OptionSpec.ofDouble(
                            "alpha",
                            0.2,
                            "α, the lower quantile level (the CVaR tail and the start of the"
                                    + " RVaR range); the paper's 0.2.")
                    .above(0)
                    .below(1);

    static final OptionSpec BETA =
            OptionSpec.ofDouble(
                            "beta",
                            0.8,
                            "β, the upper quantile level (the end of the RVaR range); the"
                                    + " paper's 0.8, above alpha.")
                    .above(0)
                    .below(1);

    static final OptionSpec MIX =
            OptionSpec.ofDouble(
                            "mix",
                            1.5,
                            "w, the weight of the lower-tail CVaR term against the RVaR term:"
                                    + " (w·CVaR + RVaR)/(w + 1); the authors' w_mix 1.5, 0 gives"
                                    + " pure RVaR.")
                    .atLeast(0);

    private final double clip;
    private final double alpha;
    private final double beta;
    private final double mix;

    public RiskpoAdvantage(double clip, double alpha, double beta, double mix) {
        if (!(alpha > 0 && alpha < beta && beta < 1)) {
            throw new IllegalArgumentException(
                    "need 0 < alpha < beta < 1, got alpha " + alpha + " and beta " + beta);
        }
        if (!(mix >= 0)) {
            throw new IllegalArgumentException("mix must be >= 0, got " + mix);
        }
        this.clip = clip;
        this.alpha = alpha;
        this.beta = beta;
        this.mix = mix;
    }

    @Override
    public boolean needsGroup() {
        return true;
    }

    @Override
    public AdvantageResult estimate(AdvantageInput input, RandomGenerator rng) {
        double[] r = input.rewards();
        double[] a = new double[r.length];
        if (r.length > 1) {
            double[] sorted = r.clone();
            Arrays.sort(sorted);
            double qa = quantile(sorted, alpha);
            double qb = quantile(sorted, beta);
            double std = GroupMath.unbiasedStd(r, GroupMath.mean(r));
            for (int i = 0; i < r.length; i++) {
                double rvar = (Math.min(Math.max(r[i], qa), qb) - qb) / (beta - alpha + EPS);
                double cvar = -Math.max(qa - r[i], 0) / (alpha + EPS);
                a[i] = (mix * cvar + rvar) / (mix + 1) / (std + EPS);
            }
        }
        return GroupMath.finish(r, a, clip, 0);
    }

    static final double EPS = GrpoAdvantage.EPS;

    /**
     * The p-quantile of ascending {@code sorted}, interpolated linearly (torch.quantile's rule).
     */
    static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Registers {@code riskpo}. */
    public static final class Factory implements AdvantageEstimatorFactory {
        @Override
        public String id() {
            return "riskpo";
        }

        @Override
        public String description() {
            return "RiskPO's Mixed Value-at-Risk per group: (w·CVaR_α + RVaR_α,β)/(w + 1) per"
                    + " sample from the group's α and β reward quantiles, over the group std.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(GroupMath.CLIP, ALPHA, BETA, MIX);
        }

        @Override
        public AdvantageEstimator create(StrategyOptions options) {
            return new RiskpoAdvantage(
                    GroupMath.CLIP.doubleValue(options),
                    ALPHA.doubleValue(options),
                    BETA.doubleValue(options),
                    MIX.doubleValue(options));
        }
    }
}
