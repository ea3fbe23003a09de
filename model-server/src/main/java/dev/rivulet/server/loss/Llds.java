package dev.rivulet.server.loss;

import ai.djl.ndarray.NDArray;
import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.server.model.Scalars;
import java.util.List;

/**
 * LLDS, the likelihood-preserving term of "On GRPO Collapse in Search-R1: The Lazy
 * Likelihood-Displacement Death Spiral": c·g·p_t·max(0, oldLogp_t − logp_t), where p_t = [A_t ≥ 0]
 * keeps the tokens of the preserving set (non-negative advantage) and g = [Σ_t
 * valid_t·p_t·(oldLogp_t − logp_t) &gt; 0] switches the term on only for a response whose preserved
 * likelihood fell below the behaviour policy's. Within such a response only the tokens whose
 * log-prob fell carry a gradient; the gate g is a constant (no gradient flows through it).
 */
public final class Llds implements Regulariser {

    /** Registry id. */
    public static final String ID = "llds";

    /**
     * c, 0.2: {@code NO_REDUCE_LAMBDA} in the authors' training script {@code train_grpo_nqhot.sh}
     * (github.com/vengdeng/LLDS-On-Group-Relative-Policy-Optimization-Collapse-in-Search-R1).
     */
    static final OptionSpec COEF =
            OptionSpec.ofDouble(
                            "coef",
                            0.2,
                            "Coefficient c of c*max(0, oldLogp - logp) on the fallen tokens of"
                                    + " responses whose likelihood fell (the authors' script's"
                                    + " NO_REDUCE_LAMBDA).")
                    .atLeast(0);

    private final double coef;

    Llds(double coef) {
        this.coef = coef;
    }

    @Override
    public NDArray term(LossInput in) {
        NDArray drop = in.oldLogp().sub(in.logp());
        NDArray keep = in.advantages().gte(0).toType(drop.getDataType(), false);
        NDArray fell = drop.stopGradient().mul(keep).mul(in.valid()).sum(new int[] {1}, true).gt(0);
        NDArray gate = fell.toType(drop.getDataType(), false).mul(keep);
        return Scalars.mul(Scalars.maximum(drop, 0.0).mul(gate), coef);
    }

    /** Registers {@code llds}. */
    public static final class Factory implements RegulariserFactory {
        @Override
        public String id() {
            return ID;
        }

        @Override
        public String description() {
            return "LLDS: coef*max(0, oldLogp - logp) on the non-negative-advantage tokens of a"
                    + " response whose likelihood fell below the behaviour policy's.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(COEF);
        }

        @Override
        public Regulariser create(StrategyOptions options) {
            return new Llds(COEF.doubleValue(options));
        }
    }
}
