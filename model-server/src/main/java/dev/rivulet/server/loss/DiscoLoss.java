package dev.rivulet.server.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.server.model.Scalars;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * DisCO: a discriminative objective over each group's positive and negative responses with a
 * non-clipping score, and the KL to the behaviour policy held under δ by a squared hinge penalty: L
 * = −J + β·max(KL − δ, 0)², where J = (1/G) Σ_g [mean_{i∈P_g} s_i − N_g] over the pass's G groups
 * (groups without a positive or without a negative add 0), N_g = τ·log mean_{j∈N_g} exp(s_j/τ)
 * ({@code objective=disco}) or the mean score of the negatives ({@code disco-b}). A row is a
 * positive when its mean advantage over its valid tokens is above 0, a negative when below. The KL
 * is the {@code aggregation} of the per-token estimate over the pass's valid tokens.
 */
public final class DiscoLoss implements PolicyLoss {

    /** Registry id. */
    public static final String ID = "disco";

    private final LossOptions options;
    private final DiscoOptions disco;
    private final TokenAggregation aggregation;
    private final Regulariser extra;

    /** A loss with the shared options (aggregation, extra regulariser) and DisCO's own. */
    public DiscoLoss(LossOptions options, DiscoOptions disco) {
        this.options = options;
        this.disco = disco;
        this.aggregation = TokenAggregations.create(options.aggregation());
        this.extra = options.extraRegulariser();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public LossOptions options() {
        return options;
    }

    /** DisCO's own options. */
    public DiscoOptions disco() {
        return disco;
    }

    @Override
    public TokenAggregation aggregation() {
        return aggregation;
    }

    /** The whole groups (for n⁺, n⁻ and the log-sum-exp) and the extra regulariser's needs. */
    @Override
    public Set<LossNeed> needs() {
        Set<LossNeed> needs = new HashSet<>();
        needs.add(LossNeed.GROUPS);
        if (extra != null) {
            needs.addAll(extra.needs());
        }
        return Set.copyOf(needs);
    }

    @Override
    public LossResult compute(LossInput in) {
        NDArray valid = in.valid();
        NDArray count = Scalars.maximum(valid.sum(new int[] {1}), 1.0);
        NDArray perToken =
                disco.score() == DiscoOptions.Score.LOG_L ? in.logp() : TokenRatio.of(in);
        NDArray scores = perToken.mul(valid).sum(new int[] {1}).div(count);
        DiscoGroups groups = DiscoGroups.of(in);
        NDArray objective = objective(scores, groups);
        NDArray kl = aggregation.aggregate(klPerToken(in), valid);
        NDArray hinge = Scalars.maximum(Scalars.sub(kl, disco.delta()), 0.0);
        NDArray loss = objective.neg().add(Scalars.mul(hinge.square(), disco.beta()));
        if (extra != null) {
            loss = loss.add(aggregation.aggregate(extra.term(in), valid));
        }
        double active = kl.toType(DataType.FLOAT64, false).getDouble() > disco.delta() ? 1 : 0;
        return new LossResult(loss, active);
    }

    /** J: the positives' weighted scores minus each valid group's negative term, over G. */
    private NDArray objective(NDArray scores, DiscoGroups g) {
        boolean mean = disco.objective() == DiscoOptions.Objective.DISCO_B;
        double[] coef = g.coefficients(mean);
        NDArray j = scores.mul(create(scores, coef, new Shape(coef.length))).sum();
        if (mean || g.negativeRows().isEmpty()) {
            return j;
        }
        return j.sub(logMeanExpOfNegatives(scores, g));
    }

    /**
     * (τ/G) Σ_g τ-scaled log-mean-exp of the negatives' scores, each group shifted by its largest
     * s/τ (a constant) so no exponent exceeds 0; rows outside a group's negatives are multiplied
     * out before and after exp, so their entries and gradients are exactly 0.
     */
    private NDArray logMeanExpOfNegatives(NDArray scores, DiscoGroups g) {
        double tau = disco.tau();
        double[] s = scores.toType(DataType.FLOAT64, false).toDoubleArray();
        List<int[]> groups = g.negativeRows();
        int rows = s.length;
        double[] member = new double[groups.size() * rows];
        double[] shift = new double[groups.size()];
        double constant = 0;
        for (int k = 0; k < groups.size(); k++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int r : groups.get(k)) {
                member[k * rows + r] = 1;
                max = Math.max(max, s[r] / tau);
            }
            shift[k] = max;
            constant += max - Math.log(groups.get(k).length);
        }
        NDArray m = create(scores, member, new Shape(groups.size(), rows));
        NDArray z = Scalars.div(scores, tau).reshape(1, rows);
        NDArray shifted = z.sub(create(scores, shift, new Shape(groups.size(), 1))).mul(m);
        NDArray sums = shifted.exp().mul(m).sum(new int[] {1});
        NDArray lse = Scalars.add(sums.log().sum(), constant);
        return Scalars.mul(lse, tau / g.groupCount());
    }

    private NDArray klPerToken(LossInput in) {
        NDArray d = in.logp().sub(in.oldLogp());
        return switch (disco.kl()) {
            case K1 -> d.neg();
            case K3 -> Scalars.sub(TokenRatio.of(in), 1.0).sub(d);
        };
    }

    private static NDArray create(NDArray like, double[] values, Shape shape) {
        return like.getManager().create(values, shape).toType(like.getDataType(), false);
    }

    /** Registers {@code disco}. */
    public static final class Factory implements PolicyLossFactory {
        @Override
        public String id() {
            return ID;
        }

        @Override
        public String description() {
            return "DisCO: group positives' scores minus tau-log-mean-exp (or mean) of negatives,"
                    + " no clipping, beta*max(KL - delta, 0)^2 to the behaviour policy.";
        }

        @Override
        public List<OptionSpec> options() {
            List<OptionSpec> specs = new ArrayList<>(DiscoOptions.SPECS);
            specs.add(LossOptions.AGGREGATION);
            specs.add(LossOptions.REGULARISER);
            specs.add(LossOptions.REGULARISER_COEF);
            return specs;
        }

        @Override
        public PolicyLoss create(StrategyOptions options) {
            return new DiscoLoss(LossOptions.from(options), DiscoOptions.from(options));
        }
    }
}
