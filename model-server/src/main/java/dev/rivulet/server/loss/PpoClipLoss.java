package dev.rivulet.server.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.server.model.Scalars;
import java.util.List;
import java.util.Set;

/**
 * PPO clipped surrogate with clip-higher and dual clip: L = max(−Aρ, −A·clip(ρ, 1−ε_lo, 1+ε_hi)),
 * and for A &lt; 0 L = min(L, −c·A); the gradient flows through ρ. An optional extra {@link
 * Regulariser} (option {@code regulariser}) adds its per-token term before aggregation.
 */
public final class PpoClipLoss implements PolicyLoss {

    /** Registry id. */
    public static final String ID = "ppo-clip";

    private final LossOptions options;
    private final TokenAggregation aggregation;
    private final Regulariser extra;

    /** A loss with the given ε_lo, ε_hi, dual-clip constant, aggregation and extra regulariser. */
    public PpoClipLoss(LossOptions options) {
        this.options = options;
        this.aggregation = TokenAggregations.create(options.aggregation());
        this.extra = options.extraRegulariser();
    }

    @Override
    public Set<LossNeed> needs() {
        return extra == null ? Set.of() : extra.needs();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public LossOptions options() {
        return options;
    }

    @Override
    public TokenAggregation aggregation() {
        return aggregation;
    }

    @Override
    public LossResult compute(LossInput in) {
        NDArray a = in.advantages();
        NDArray ratio = TokenRatio.of(in);
        NDArray unclipped = a.neg().mul(ratio);
        NDArray clipped = a.neg().mul(ratio.clip(1.0 - options.epsLo(), 1.0 + options.epsHi()));
        NDArray loss = unclipped.maximum(clipped);
        if (options.dualClip() > 0) {
            NDArray bound = Scalars.mul(a, -options.dualClip());
            loss = NDArrays.where(a.lt(0), loss.minimum(bound), loss);
        }
        double clipFraction = TokenRatio.fraction(loss.neq(unclipped), in.valid());
        if (extra != null) {
            loss = loss.add(extra.term(in));
        }
        return new LossResult(aggregation.aggregate(loss, in.valid()), clipFraction);
    }

    /** Registers {@code ppo-clip}. */
    public static final class Factory implements PolicyLossFactory {
        @Override
        public String id() {
            return ID;
        }

        @Override
        public String description() {
            return "PPO clipped surrogate with clip-higher (eps-low, eps-high) and dual clip.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(
                    LossOptions.EPS_LOW,
                    LossOptions.EPS_HIGH,
                    LossOptions.DUAL_CLIP,
                    LossOptions.AGGREGATION,
                    LossOptions.REGULARISER,
                    LossOptions.REGULARISER_COEF,
                    LossOptions.REGULARISER_OPTIONS);
        }

        @Override
        public PolicyLoss create(StrategyOptions options) {
            return new PpoClipLoss(LossOptions.from(options));
        }
    }
}
