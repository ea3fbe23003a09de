package dev.rivulet.server.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.server.model.Scalars;
import java.util.List;
import java.util.Set;

/**
 * AEPO's entropy regulariser: c·(−Σ_v q_T(v)·log π(v)) at every position, the REINFORCE term of
 * samples drawn from the temperature-adjusted policy q_T = softmax(log π / T) (held fixed, no
 * gradient) taken in expectation over the full vocabulary instead of by extra sampling. Its
 * gradient c·(π − q_T) on the logits pulls π towards q_T: flatter (entropy up) for T = {@code
 * temperature-high} when the pass's mean entropy is below {@code target-entropy}, sharper (entropy
 * down) for T = {@code temperature-low} otherwise. Reads the full distribution ({@link
 * LossNeed#DISTRIBUTION}).
 */
public final class AepoRegulariser implements Regulariser {

    /** Registry id. */
    public static final String ID = "aepo";

    /** α, 0.02 (Rivulet's choice, about AEPO's share of REINFORCE rows; docs). */
    static final OptionSpec COEF =
            OptionSpec.ofDouble(
                            "coef",
                            0.02,
                            "Weight alpha of the REINFORCE term; set through regulariser-coef.")
                    .atLeast(0);

    /** H target, 0.5 nats: entropy_base of the authors' AEPO launch script. */
    static final OptionSpec TARGET =
            OptionSpec.ofDouble(
                            "target-entropy",
                            0.5,
                            "Entropy target H in nats (entropy_base of the authors' AEPO script).")
                    .atLeast(0);

    /** T_high, 1.2: temperature_high of the authors' trainer config. */
    static final OptionSpec T_HIGH =
            OptionSpec.ofDouble(
                            "temperature-high",
                            1.2,
                            "T when the entropy is below the target (the authors' 1.2).")
                    .above(0);

    /** T_low, 0.8: temperature_low of the authors' trainer config. */
    static final OptionSpec T_LOW =
            OptionSpec.ofDouble(
                            "temperature-low",
                            0.8,
                            "T when the entropy is at or above the target (the authors' 0.8).")
                    .above(0);

    private final double coef;
    private final double target;
    private final double high;
    private final double low;

    AepoRegulariser(double coef, double target, double high, double low) {
        if (!Double.isFinite(coef) || !(target >= 0) || !(high > 0) || !(low > 0)) {
            throw new IllegalArgumentException(
                    "aepo needs a finite coef, target-entropy >= 0 and temperatures > 0, got "
                            + coef
                            + ", "
                            + target
                            + ", "
                            + high
                            + ", "
                            + low);
        }
        this.coef = coef;
        this.target = target;
        this.high = high;
        this.low = low;
    }

    /**
     * T for a pass whose mean entropy over valid tokens is {@code entropy}: T_high below the
     * target, T_low otherwise.
     */
    double temperature(double entropy) {
        return entropy < target ? high : low;
    }

    /**
     * Mean entropy (nats) of the detached distribution over the valid positions, 0 when none is
     * valid.
     */
    static double meanEntropy(NDArray logProbs, NDArray valid) {
        NDArray lp = logProbs.stopGradient();
        NDArray h = lp.exp().mul(lp).sum(new int[] {2}).neg();
        NDArray v = valid.toType(h.getDataType(), false);
        double n = v.sum().toType(DataType.FLOAT64, false).getDouble();
        return n > 0 ? h.mul(v).sum().toType(DataType.FLOAT64, false).getDouble() / n : 0.0;
    }

    /**
     * c·(−Σ_v q_T(v)·log π(v)) per position.
     *
     * @throws IllegalStateException when the context carries no distribution
     */
    @Override
    public NDArray term(LossInput in) {
        NDArray lp = in.context().logProbs();
        if (lp == null) {
            throw new IllegalStateException(
                    "aepo needs the policy's full log-probs (LossNeed.DISTRIBUTION); none given");
        }
        double t = temperature(meanEntropy(lp, in.valid()));
        NDArray q = Scalars.div(lp.stopGradient(), t).softmax(-1);
        NDArray crossEntropy = q.mul(lp).sum(new int[] {2}).neg();
        return Scalars.mul(crossEntropy, coef);
    }

    @Override
    public Set<LossNeed> needs() {
        return Set.of(LossNeed.DISTRIBUTION);
    }

    /** Registers {@code aepo}. */
    public static final class Factory implements RegulariserFactory {
        @Override
        public String id() {
            return ID;
        }

        @Override
        public String description() {
            return "AEPO: coef*(-sum_v q_T(v) log pi(v)), q_T = softmax(log pi / T), T high below"
                    + " the entropy target and low above it (REINFORCE on a tempered policy).";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(COEF, TARGET, T_HIGH, T_LOW);
        }

        @Override
        public Regulariser create(StrategyOptions options) {
            return new AepoRegulariser(
                    COEF.doubleValue(options),
                    TARGET.doubleValue(options),
                    T_HIGH.doubleValue(options),
                    T_LOW.doubleValue(options));
        }
    }
}
