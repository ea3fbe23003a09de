package dev.rivulet.server.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.server.model.Scalars;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reg-GRPO (DeepVideo-R1's Regressive GRPO): each response's group-normalised advantage Â_i is
 * regressed from its sequence log-ratio ρ_i = Σ_t (logp_t − oldLogp_t): the predicted advantage is
 * Â_θ,i = (ρ_i − μ_ρ)/sqrt(σ_ρ² + ε²) over the rows of its group and the loss of response i is (Â_i
 * − Â_θ,i)², put on each of its valid tokens and aggregated (by default each response weighs the
 * same). No ratio clipping, no min; the gradient flows through every ρ of the group. Asks the
 * learner for whole groups ({@link LossNeed#GROUPS}); an optional extra {@link Regulariser} adds
 * its per-token term before aggregation.
 */
public final class RegGrpoLoss implements PolicyLoss {

    /** Registry id. */
    public static final String ID = "reg-grpo";

    /**
     * ε, 1e-4: the floor of the group's log-ratio spread. The paper gives none; 1e-4 is the ε of
     * TRL's GRPO trainer, (r − mean)/(std + 1e-4); the paper cites TRL among the libraries it
     * builds on. On-policy rows differ from the behaviour log-probs only by float32 noise (about
     * 1e-6 per response), far below it, so their predicted advantage is about 0.
     */
    static final OptionSpec EPS =
            OptionSpec.ofDouble(
                            "eps",
                            1e-4,
                            "Floor of the predicted advantage's denominator sqrt(var + eps^2) (the"
                                    + " paper gives none; 1e-4 as TRL's GRPO std + 1e-4).")
                    .above(0);

    /** Each response weighs the same, as in the paper's mean over the G responses of a group. */
    static final OptionSpec AGGREGATION =
            OptionSpec.ofEnum(
                    LossOptions.AGGREGATION.key(),
                    SequenceMeanAggregation.ID,
                    TokenAggregations.ids(),
                    "How per-token terms become the loss; the default weighs every response the"
                            + " same, as the paper's mean over a group's responses.");

    private final LossOptions options;
    private final double eps;
    private final TokenAggregation aggregation;
    private final Regulariser extra;

    RegGrpoLoss(LossOptions options, double eps) {
        this.options = options;
        this.eps = eps;
        this.aggregation = TokenAggregations.create(options.aggregation());
        this.extra = options.extraRegulariser();
    }

    @Override
    public Set<LossNeed> needs() {
        EnumSet<LossNeed> out = EnumSet.of(LossNeed.GROUPS);
        if (extra != null) {
            out.addAll(extra.needs());
        }
        return out;
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
        NDArray valid = in.valid();
        int rows = (int) valid.getShape().get(0);
        int[] groups = groupsOf(in.context(), rows);
        NDArray rho = in.logp().sub(in.oldLogp()).mul(valid).sum(new int[] {1});
        NDArray tokens = Scalars.maximum(valid.sum(new int[] {1}), 1.0);
        NDArray target = in.advantages().mul(valid).sum(new int[] {1}).div(tokens);
        NDManager m = rho.getManager();
        NDArray mean = m.create(averaging(groups, false), new Shape(rows, rows));
        NDArray spread = m.create(averaging(groups, true), new Shape(rows, rows));
        mean = mean.toType(rho.getDataType(), false);
        spread = spread.toType(rho.getDataType(), false);
        NDArray dev = rho.sub(column(mean, rho));
        NDArray sd = Scalars.add(column(spread, dev.square()), eps * eps).sqrt();
        NDArray err = dev.div(sd).sub(target).square();
        NDArray perToken = err.reshape(rows, 1).mul(valid);
        if (extra != null) {
            perToken = perToken.add(extra.term(in));
        }
        return new LossResult(aggregation.aggregate(perToken, valid), 0.0);
    }

    /** {@code a}·x for a (rows, rows) matrix and a (rows) vector. */
    private static NDArray column(NDArray a, NDArray x) {
        int rows = (int) x.getShape().get(0);
        return a.matMul(x.reshape(rows, 1)).reshape(rows);
    }

    /**
     * The group of each row: the context's, or a group of one per row when the caller gave no row
     * context.
     */
    private static int[] groupsOf(LossContext context, int rows) {
        if (!context.hasRows()) {
            int[] own = new int[rows];
            for (int r = 0; r < rows; r++) {
                own[r] = r;
            }
            return own;
        }
        if (context.groups().length != rows) {
            throw new IllegalArgumentException(
                    "reg-grpo needs one group index per row: the context has "
                            + context.groups().length
                            + ", the tensors "
                            + rows
                            + " rows");
        }
        return context.groups();
    }

    /**
     * The (rows, rows) matrix whose row r averages over r's group: weight 1/n for a group of n
     * rows, or with {@code unbiased} 1/(n − 1) (0 for a group of one, whose spread is 0),
     * row-major.
     */
    static double[] averaging(int[] groups, boolean unbiased) {
        int rows = groups.length;
        int[] size = new int[rows];
        for (int g : groups) {
            size[g]++;
        }
        double[] out = new double[rows * rows];
        for (int r = 0; r < rows; r++) {
            int n = size[groups[r]];
            double w = unbiased ? (n > 1 ? 1.0 / (n - 1) : 0.0) : 1.0 / n;
            for (int s = 0; s < rows; s++) {
                if (groups[s] == groups[r]) {
                    out[r * rows + s] = w;
                }
            }
        }
        return out;
    }

    /** Registers {@code reg-grpo}. */
    public static final class Factory implements PolicyLossFactory {
        @Override
        public String id() {
            return ID;
        }

        @Override
        public String description() {
            return "Reg-GRPO: regress each response's group-normalised advantage from its"
                    + " group-normalised sequence log-ratio, squared error, no clipping.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(EPS, AGGREGATION, LossOptions.REGULARISER, LossOptions.REGULARISER_COEF);
        }

        @Override
        public PolicyLoss create(StrategyOptions options) {
            StrategyOptions o =
                    options.get(AGGREGATION.key()).isPresent()
                            ? options
                            : options.with(AGGREGATION.key(), AGGREGATION.defaultValue());
            return new RegGrpoLoss(LossOptions.from(o), EPS.doubleValue(options));
        }
    }
}
