package dev.rivulet.server.loss;

import ai.djl.ndarray.NDArray;
import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.server.model.Scalars;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Off-policy REINFORCE family with a detached ratio: L = −A'·logp·mask plus an optional built-in
 * {@link Regulariser} (opmd's, asymre's) and the optional extra one of the {@code regulariser}
 * option; backs the ids {@code rec}, {@code reinforce}, {@code opmd} and {@code asymre}.
 */
public final class RecLoss implements PolicyLoss {

    private final String id;
    private final LossOptions options;
    private final List<Regulariser> regularisers;
    private final TokenAggregation aggregation;

    /** A loss without a regulariser. */
    RecLoss(String id, LossOptions options) {
        this(id, options, null);
    }

    /**
     * A loss adding {@code regulariser}'s term (null for none) and the extra regulariser of its
     * options to every token.
     */
    RecLoss(String id, LossOptions options, Regulariser regulariser) {
        this.id = id;
        this.options = options;
        List<Regulariser> terms = new ArrayList<>();
        if (regulariser != null) {
            terms.add(regulariser);
        }
        if (options.extraRegulariser() != null) {
            terms.add(options.extraRegulariser());
        }
        this.regularisers = List.copyOf(terms);
        this.aggregation = TokenAggregations.create(options.aggregation());
    }

    @Override
    public Set<LossNeed> needs() {
        return Regulariser.needsOf(regularisers);
    }

    @Override
    public String id() {
        return id;
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
        NDArray logp = in.logp();
        NDArray ratio = TokenRatio.of(in).stopGradient();
        NDArray weight =
                switch (options.weight()) {
                    case NONE -> a;
                    case IS -> a.mul(ratio);
                    case ADVANTAGE -> a.mul(Scalars.div(a, options.temperature()).exp());
                };
        NDArray keep = mask(a, ratio);
        NDArray perToken = weight.neg().mul(logp);
        if (keep != null) {
            perToken = perToken.mul(keep);
        }
        for (Regulariser r : regularisers) {
            perToken = perToken.add(r.term(in));
        }
        double dropped = keep == null ? 0.0 : TokenRatio.fraction(keep.eq(0), in.valid());
        return new LossResult(aggregation.aggregate(perToken, in.valid()), dropped);
    }

    /** The 0/1 mask of the configured kind in the data type of {@code a}, or null for none. */
    private NDArray mask(NDArray a, NDArray ratio) {
        double lo = 1.0 - options.epsLo();
        double hi = 1.0 + options.epsHi();
        NDArray pos = a.gte(0);
        NDArray neg = a.lte(0);
        NDArray twoSide = ratio.gte(lo).logicalAnd(ratio.lte(hi));
        NDArray m =
                switch (options.mask()) {
                    case NONE -> null;
                    case ONE_SIDE ->
                            pos.logicalAnd(ratio.lte(hi)).logicalOr(neg.logicalAnd(ratio.gte(lo)));
                    case TWO_SIDE -> twoSide;
                    case RING ->
                            twoSide.logicalOr(pos.logicalAnd(ratio.lte(1.0 - options.ringLo())))
                                    .logicalOr(neg.logicalAnd(ratio.gte(1.0 + options.ringHi())));
                };
        return m == null ? null : m.toType(a.getDataType(), false);
    }

    /** Registers {@code rec}; the id {@code rec/<mask>/<weight>} sets the mask and weight too. */
    public static final class Factory implements PolicyLossFactory {
        @Override
        public String id() {
            return "rec";
        }

        @Override
        public String description() {
            return "REC: -A'*logp over the masked tokens with a detached ratio; choose mask and"
                    + " weight (or write rec/<mask>/<weight>).";
        }

        @Override
        public List<OptionSpec> options() {
            return LossOptions.REC;
        }

        @Override
        public PolicyLoss create(StrategyOptions options) {
            return new RecLoss("rec", LossOptions.from(options));
        }
    }
}
