package dev.rivulet.server.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * GRAO's Group Direct Alignment Loss: L = −(1/G) Σ_i [Â_i·J(o_i) + β·Â_y·J(y) + λ·Â_i·(J(o_i) −
 * J(y))] per group, J a response's mean token log-prob, with the group's best-advantage response as
 * the demonstration y ({@link GraoCoefficients}; docs/algorithms/loss-grao.md). No ratio, no clip;
 * an optional extra {@link Regulariser} adds its per-token term before aggregation.
 */
public final class GraoLoss implements PolicyLoss {

    /** Registry id. */
    public static final String ID = "grao";

    /** β, 0.5: the paper's training value. */
    public static final OptionSpec BETA =
            OptionSpec.ofDouble(
                            "beta",
                            0.5,
                            "Weight beta of the imitation term beta*A_y*J(y) (the paper's"
                                    + " training value 0.5; not the KL beta).")
                    .atLeast(0);

    /** λ, 0.6: the paper's training value. */
    public static final OptionSpec LAMBDA =
            OptionSpec.ofDouble(
                            "lambda",
                            0.6,
                            "Weight lambda of the alignment regulariser"
                                    + " lambda*A_i*(J(o_i) - J(y)) (the paper's training value"
                                    + " 0.6).")
                    .atLeast(0);

    /** The aggregation, seq-mean-token-mean: the paper's 1/|o_i| inside the 1/G mean. */
    public static final OptionSpec AGGREGATION =
            OptionSpec.ofEnum(
                    LossOptions.AGGREGATION.key(),
                    SequenceMeanAggregation.ID,
                    TokenAggregations.ids(),
                    "How per-token terms become the loss; the default is the paper's mean over"
                            + " responses of each response's token mean.");

    private final LossOptions options;
    private final double beta;
    private final double lambda;
    private final TokenAggregation aggregation;
    private final Regulariser extra;

    /** A loss with the given β, λ, aggregation and extra regulariser (in {@code options}). */
    public GraoLoss(LossOptions options, double beta, double lambda) {
        if (!(beta >= 0) || !(lambda >= 0) || Double.isInfinite(beta + lambda)) {
            throw new IllegalArgumentException(
                    "grao needs finite beta >= 0 and lambda >= 0, got " + beta + ", " + lambda);
        }
        this.options = options;
        this.beta = beta;
        this.lambda = lambda;
        this.aggregation = TokenAggregations.create(options.aggregation());
        this.extra = options.extraRegulariser();
    }

    /** β of the imitation term. */
    public double beta() {
        return beta;
    }

    /** λ of the alignment regulariser. */
    public double lambda() {
        return lambda;
    }

    /** Whole groups in one pass, plus the extra regulariser's needs. */
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
        Terms t = terms(in);
        NDArray perToken = t.perToken();
        if (extra != null) {
            perToken = perToken.add(extra.term(in));
        }
        return new LossResult(aggregation.aggregate(perToken, in.valid()), 0.0);
    }

    /**
     * The three terms of the loss, each aggregated on its own (they add up to the loss without the
     * extra regulariser), and their per-token sum.
     *
     * @param exploration −Â_i·J(o_i), aggregated
     * @param imitation −β·Â_y·J(y), aggregated
     * @param alignment −λ·Â_i·(J(o_i) − J(y)), aggregated
     * @param perToken the per-token sum of the three before aggregation
     */
    record Terms(NDArray exploration, NDArray imitation, NDArray alignment, NDArray perToken) {}

    /**
     * The terms for {@code in}: rows grouped by {@code in.context().groups()}, every row a group of
     * its own when the input has no row context.
     */
    Terms terms(LossInput in) {
        NDArray logp = in.logp();
        Shape shape = logp.getShape();
        int rows = (int) shape.get(0);
        int cols = (int) shape.get(1);
        int[] groups =
                in.context().hasRows()
                        ? in.context().groups()
                        : LossContext.singletons(rows).groups();
        GraoCoefficients c =
                GraoCoefficients.of(
                        doubles(in.advantages()),
                        doubles(in.valid()),
                        rows,
                        cols,
                        groups,
                        beta,
                        lambda);
        NDArray exploration = weighted(c.exploration(), logp);
        NDArray imitation = weighted(c.imitation(), logp);
        NDArray alignment = weighted(c.alignment(), logp);
        NDArray perToken = exploration.add(imitation).add(alignment);
        return new Terms(
                aggregation.aggregate(exploration, in.valid()),
                aggregation.aggregate(imitation, in.valid()),
                aggregation.aggregate(alignment, in.valid()),
                perToken);
    }

    /** −weight·logp per token, the weights a constant of logp's type and shape. */
    private static NDArray weighted(double[] weight, NDArray logp) {
        NDManager m = logp.getManager();
        NDArray w = m.create(weight, logp.getShape()).toType(logp.getDataType(), false);
        return w.neg().mul(logp);
    }

    private static double[] doubles(NDArray x) {
        return x.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    /** Registers {@code grao}. */
    public static final class Factory implements PolicyLossFactory {
        @Override
        public String id() {
            return ID;
        }

        @Override
        public String description() {
            return "GRAO: advantage-weighted exploration plus beta*imitation of the group's"
                    + " best response plus lambda*alignment A_i*(J(o_i) - J(y)); needs groups.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(
                    BETA,
                    LAMBDA,
                    AGGREGATION,
                    LossOptions.REGULARISER,
                    LossOptions.REGULARISER_COEF);
        }

        @Override
        public PolicyLoss create(StrategyOptions options) {
            StrategyOptions o =
                    options.get(AGGREGATION.key()).isPresent()
                            ? options
                            : options.with(AGGREGATION.key(), AGGREGATION.defaultValue());
            return new GraoLoss(
                    LossOptions.from(o), BETA.doubleValue(options), LAMBDA.doubleValue(options));
        }
    }
}
