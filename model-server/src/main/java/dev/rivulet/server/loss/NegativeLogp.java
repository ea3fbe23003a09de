package dev.rivulet.server.loss;

import ai.djl.ndarray.NDArray;
import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.server.model.Scalars;
import java.util.List;

/**
 * −c·logp on every token: AsymRE's shift of every advantage by +c (the {@code asymre} loss), which
 * raises the likelihood of all sampled tokens.
 */
public final class NegativeLogp implements Regulariser {

    /** Registry id. */
    public static final String ID = "negative-logp";

    private final double coef;

    NegativeLogp(double coef) {
        this.coef = coef;
    }

    @Override
    public NDArray term(LossInput in) {
        return Scalars.mul(in.logp(), -coef);
    }

    /** Registers {@code negative-logp}. */
    public static final class Factory implements RegulariserFactory {
        @Override
        public String id() {
            return ID;
        }

        @Override
        public String description() {
            return "-coef*logp on every token (AsymRE's advantage shift by +coef).";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(Regularisers.COEF);
        }

        @Override
        public Regulariser create(StrategyOptions options) {
            return new NegativeLogp(Regularisers.COEF.doubleValue(options));
        }
    }
}
