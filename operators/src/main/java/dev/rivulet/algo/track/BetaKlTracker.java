package dev.rivulet.algo.track;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.List;

/**
 * SPO's tracker: a Beta posterior discounted by ρ = clip(2^(−D/0.06), 0.875, 0.96) before each
 * reward, where D is the policy's measured drift on the prompt (or a constant ρ).
 */
public final class BetaKlTracker implements ValueTracker {

    static final double RHO_MIN = 0.875;
    static final double RHO_MAX = 0.96;
    static final double D_HALF = 0.06;
    static final double NO_PRIOR = 0.5;

    static final OptionSpec DISCOUNT =
            OptionSpec.ofEnum(
                    "discount",
                    "kl",
                    List.of("kl", "constant"),
                    "kl: rho = clip(2^(-D/0.06), 0.875, 0.96) from the KL drift D; constant: rho.");
    static final OptionSpec RHO =
            OptionSpec.ofDouble("rho", RHO_MIN, "The constant discount (discount=constant only).")
                    .above(0)
                    .atMost(1);
    static final OptionSpec REWARDS =
            OptionSpec.ofEnum(
                    "rewards",
                    "binary",
                    List.of("binary", "fractional", "continuous"),
                    "binary: Beta posterior, rewards must lie in [0, 1] (a fraction r counts r"
                            + " successes and 1 - r failures); fractional: the same after clipping"
                            + " each reward to [0, 1] (shaped rewards); continuous: EMA of the raw"
                            + " reward instead of a Beta posterior.");

    static final OptionSpec PRIOR_SAMPLES =
            OptionSpec.ofInt(
                            "prior-samples",
                            8,
                            "Samples drawn for a new prompt before it may be selected; their"
                                    + " successes s start it at alpha0 = N(s+0.5)/(N+1), beta0 ="
                                    + " N(N+0.5-s)/(N+1) (SPO's N_init = 8); 0 starts every prompt"
                                    + " at 0.5/0.5.")
                    .atLeast(0);

    private final boolean adaptive;
    private final double constantRho;
    private final boolean continuous;
    private final boolean clip;
    private final int priorSamples;

    /**
     * A tracker without a prior measurement (every prompt starts at 0.5/0.5).
     *
     * @param adaptive true for the KL-adaptive ρ, false for {@code constantRho}
     * @param constantRho ρ when not adaptive
     * @param continuous true to track non-binary rewards by EMA instead of a Beta posterior
     */
    public BetaKlTracker(boolean adaptive, double constantRho, boolean continuous) {
        this(adaptive, constantRho, continuous, 0);
    }

    /**
     * @param adaptive true for the KL-adaptive ρ, false for {@code constantRho}
     * @param constantRho ρ when not adaptive
     * @param continuous true to track non-binary rewards by EMA instead of a Beta posterior
     * @param priorSamples samples the loop draws for a new prompt's prior (0: none)
     */
    public BetaKlTracker(
            boolean adaptive, double constantRho, boolean continuous, int priorSamples) {
        this(adaptive, constantRho, continuous, priorSamples, false);
    }

    /**
     * @param adaptive true for the KL-adaptive ρ, false for {@code constantRho}
     * @param constantRho ρ when not adaptive
     * @param continuous true to track non-binary rewards by EMA instead of a Beta posterior
     * @param priorSamples samples the loop draws for a new prompt's prior (0: none)
     * @param clip true to clip each reward to [0, 1] before the Beta update (instead of failing on
     *     a reward outside it)
     */
    public BetaKlTracker(
            boolean adaptive,
            double constantRho,
            boolean continuous,
            int priorSamples,
            boolean clip) {
        if (!(constantRho > 0 && constantRho <= 1)) {
            throw new IllegalArgumentException("rho must be in (0, 1], got " + constantRho);
        }
        if (priorSamples < 0) {
            throw new IllegalArgumentException("prior-samples must be >= 0, got " + priorSamples);
        }
        this.priorSamples = priorSamples;
        this.adaptive = adaptive;
        this.constantRho = constantRho;
        this.continuous = continuous;
        this.clip = clip;
    }

    /** ρ = clip(2^(−D/0.06), 0.875, 0.96); NaN (no stored response yet) counts as D = 0. */
    public static double adaptiveRho(double divergence) {
        double d = Double.isNaN(divergence) ? 0.0 : divergence;
        if (d < 0) {
            throw new IllegalArgumentException("divergence D must be >= 0, got " + divergence);
        }
        return Math.min(RHO_MAX, Math.max(RHO_MIN, Math.pow(2.0, -d / D_HALF)));
    }

    @Override
    public int priorSamples() {
        return priorSamples;
    }

    /** The discount this tracker applies for a measured divergence. */
    public double rho(double divergence) {
        return adaptive ? adaptiveRho(divergence) : constantRho;
    }

    /**
     * α0 = N(s + 0.5)/(N + 1), β0 = N(N + 0.5 − s)/(N + 1) from s successes in N offline samples (N
     * = 8 gives SPO's 8(s + 0.5)/9 and 8(8.5 − s)/9); 0.5/0.5 without a prior.
     */
    @Override
    public TrackerState initial(int priorSuccesses, int priorSamples) {
        Rewards.checkPrior(priorSuccesses, priorSamples);
        double alpha = NO_PRIOR;
        double beta = NO_PRIOR;
        if (priorSamples > 0) {
            double n = priorSamples;
            alpha = n * (priorSuccesses + 0.5) / (n + 1);
            beta = n * (n + 0.5 - priorSuccesses) / (n + 1);
        }
        if (continuous) {
            return ema(alpha / (alpha + beta), 0);
        }
        return TrackerState.ofBeta(alpha, beta, 0, -1);
    }

    @Override
    public TrackerState update(TrackerState state, Observation observation) {
        double rho = rho(observation.divergence());
        if (continuous) {
            double v = state.value();
            for (int i = 0; i < observation.size(); i++) {
                v = rho * v + (1 - rho) * observation.reward(i);
            }
            return ema(v, state.seen() + observation.size());
        }
        double alpha = state.alpha();
        double beta = state.beta();
        for (int i = 0; i < observation.size(); i++) {
            double r =
                    clip
                            ? Rewards.clipUnit(observation.reward(i))
                            : Rewards.unit(
                                    observation.reward(i),
                                    "beta-kl",
                                    "set rewards=fractional to clip shaped rewards to [0, 1] or"
                                            + " rewards=continuous for an EMA");
            alpha = rho * alpha + r;
            beta = rho * beta + (1 - r);
        }
        return TrackerState.ofBeta(
                alpha, beta, state.seen() + observation.size(), state.lastStep());
    }

    private static TrackerState ema(double value, long seen) {
        return new TrackerState(
                Double.NaN, Double.NaN, value, true, seen, -1, TrackerState.NONE, 0, Double.NaN);
    }

    /** Registers {@code beta-kl}. */
    public static final class Factory implements ValueTrackerFactory {
        @Override
        public String id() {
            return "beta-kl";
        }

        @Override
        public String description() {
            return "SPO's Beta tracker discounted by the policy's KL drift on the prompt.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(DISCOUNT, RHO, REWARDS, PRIOR_SAMPLES);
        }

        @Override
        public ValueTracker create(StrategyOptions options) {
            boolean adaptive = DISCOUNT.stringValue(options).equals("kl");
            if (adaptive && options.get(RHO.key()).isPresent()) {
                throw new IllegalArgumentException(
                        "option 'rho' only applies with discount=constant");
            }
            String rewards = REWARDS.stringValue(options);
            return new BetaKlTracker(
                    adaptive,
                    RHO.doubleValue(options),
                    rewards.equals("continuous"),
                    PRIOR_SAMPLES.intValue(options),
                    rewards.equals("fractional"));
        }
    }
}
