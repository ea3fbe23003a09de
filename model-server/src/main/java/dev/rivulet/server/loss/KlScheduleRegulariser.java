package dev.rivulet.server.loss;

import ai.djl.ndarray.NDArray;
import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.server.model.Scalars;
import java.util.List;
import java.util.Set;

/**
 * β(s)·k3 on every token, k3 = exp(ref − logp) − (ref − logp) − 1 the estimate of KL(π_θ ‖ π_ref)
 * against the frozen reference, with the dynamic weight of OThink-MR1's GRPO-D: β is held at {@code
 * beta-start} for {@code warmup} learner steps, then rises linearly to β_max ({@code coef}) over
 * {@code steps} steps and stays there: little pull towards the reference early (exploration), more
 * later (exploitation). Gradient flows through {@code logp}; the reference is detached.
 */
public final class KlScheduleRegulariser implements Regulariser {

    /** Registry id. */
    public static final String ID = "kl-schedule";

    /**
     * β_max, 0.04: the constant KL weight of DeepSeekMath's GRPO (TRL's default), which GRPO-D
     * replaces by a schedule; OThink-MR1's own value was not recovered (docs).
     */
    static final OptionSpec COEF =
            OptionSpec.ofDouble(
                            "coef",
                            0.04,
                            "beta_max, the KL weight after the ramp (GRPO's constant 0.04);"
                                    + " set through regulariser-coef.")
                    .atLeast(0);

    /** β at the start, 0: no pull towards the reference while the policy explores. */
    static final OptionSpec BETA_START =
            OptionSpec.ofDouble(
                            "beta-start",
                            0.0,
                            "beta before and at the start of the ramp (0: free exploration first).")
                    .atLeast(0);

    /** Learner steps held at beta-start before the ramp, 0. */
    static final OptionSpec WARMUP =
            OptionSpec.ofInt("warmup", 0, "Learner steps held at beta-start before the ramp.")
                    .atLeast(0);

    /** Learner steps of the linear ramp from beta-start to β_max, 100 (Rivulet's choice). */
    static final OptionSpec STEPS =
            OptionSpec.ofInt(
                            "steps",
                            100,
                            "Learner steps of the linear ramp from beta-start to beta_max"
                                    + " (Rivulet's choice; scale it to the run's length).")
                    .atLeast(1);

    private final double betaMax;
    private final double betaStart;
    private final int warmup;
    private final int steps;

    KlScheduleRegulariser(double betaMax, double betaStart, int warmup, int steps) {
        if (!(betaMax >= 0) || !(betaStart >= 0) || Double.isInfinite(betaMax + betaStart)) {
            throw new IllegalArgumentException(
                    "kl-schedule needs finite coef >= 0 and beta-start >= 0, got "
                            + betaMax
                            + ", "
                            + betaStart);
        }
        if (warmup < 0 || steps < 1) {
            throw new IllegalArgumentException(
                    "kl-schedule needs warmup >= 0 and steps >= 1, got " + warmup + ", " + steps);
        }
        this.betaMax = betaMax;
        this.betaStart = betaStart;
        this.warmup = warmup;
        this.steps = steps;
    }

    /** β at learner step {@code step} (0 for the first update). */
    double beta(long step) {
        double f = Math.min(Math.max(step - warmup, 0), steps) / (double) steps;
        return betaStart + (betaMax - betaStart) * f;
    }

    /**
     * β(step)·k3 per token.
     *
     * @throws IllegalStateException when the context carries no reference log-probs
     */
    @Override
    public NDArray term(LossInput in) {
        NDArray ref = in.context().refLogp();
        if (ref == null) {
            throw new IllegalStateException(
                    "kl-schedule needs the reference log-probs (LossNeed.REFERENCE); none given");
        }
        return Scalars.mul(K3.perToken(ref, in.logp()), beta(in.context().step()));
    }

    @Override
    public Set<LossNeed> needs() {
        return Set.of(LossNeed.REFERENCE);
    }

    /** Registers {@code kl-schedule}. */
    public static final class Factory implements RegulariserFactory {
        @Override
        public String id() {
            return ID;
        }

        @Override
        public String description() {
            return "beta(step)*k3 KL to the frozen reference per token, beta rising from"
                    + " beta-start to coef (OThink-MR1's dynamic KL, GRPO-D).";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(COEF, BETA_START, WARMUP, STEPS);
        }

        @Override
        public Regulariser create(StrategyOptions options) {
            return new KlScheduleRegulariser(
                    COEF.doubleValue(options),
                    BETA_START.doubleValue(options),
                    WARMUP.intValue(options),
                    STEPS.intValue(options));
        }
    }
}
