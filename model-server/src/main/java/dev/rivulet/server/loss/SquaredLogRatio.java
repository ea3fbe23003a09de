package dev.rivulet.server.loss;

import ai.djl.ndarray.NDArray;
import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.server.model.Scalars;
import java.util.List;

/**
 * c·(logp − oldLogp)² on every token: the proximal term of online policy mirror descent (the {@code
 * opmd} loss), pulling the policy towards the behaviour policy that generated the tokens.
 */
public final class SquaredLogRatio implements Regulariser {

    /** Registry id. */
    public static final String ID = "squared-log-ratio";

    private final double coef;

    SquaredLogRatio(double coef) {
        this.coef = coef;
    }

    @Override
    public NDArray term(LossInput in) {
        return Scalars.mul(in.logp().sub(in.oldLogp()).square(), coef);
    }

    /** Registers {@code squared-log-ratio}. */
    public static final class Factory implements RegulariserFactory {
        @Override
        public String id() {
            return ID;
        }

        @Override
        public String description() {
            return "coef*(logp - oldLogp)^2 on every token (opmd's proximal term).";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(Regularisers.COEF);
        }

        @Override
        public Regulariser create(StrategyOptions options) {
            return new SquaredLogRatio(Regularisers.COEF.doubleValue(options));
        }
    }
}
