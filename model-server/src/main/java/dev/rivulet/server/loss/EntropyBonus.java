package dev.rivulet.server.loss;

import ai.djl.ndarray.NDArray;
import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.server.model.Scalars;
import java.util.List;
import java.util.Set;

/**
 * −c·H_t on every token, H_t the entropy of the current policy's full next-token distribution at
 * the token's position: an entropy bonus that, aggregated like the loss's other terms, lowers the
 * loss by c times the aggregated entropy and so pushes the policy away from collapse. Its gradient
 * flows through the whole distribution ({@link LossInput#entropy()}).
 */
public final class EntropyBonus implements Regulariser {

    /** Registry id. */
    public static final String ID = "entropy-bonus";

    /**
     * c, 0.001: verl's {@code actor.entropy_coeff} default in its PPO trainer config (as of early
     * 2025; later verl versions default to 0, i.e. no bonus).
     */
    static final OptionSpec COEF =
            OptionSpec.ofDouble(
                    "coef",
                    0.001,
                    "Coefficient c of the entropy bonus -c*H (verl's entropy_coeff default).");

    private final double coef;

    EntropyBonus(double coef) {
        this.coef = coef;
    }

    /**
     * −c·entropy.
     *
     * @throws IllegalStateException when the input carries no entropy
     */
    @Override
    public NDArray term(LossInput in) {
        if (in.entropy() == null) {
            throw new IllegalStateException(
                    "entropy-bonus needs the policy's entropy in the loss input; none was given");
        }
        return Scalars.mul(in.entropy(), -coef);
    }

    @Override
    public Set<LossNeed> needs() {
        return Set.of(LossNeed.ENTROPY);
    }

    /** Registers {@code entropy-bonus}. */
    public static final class Factory implements RegulariserFactory {
        @Override
        public String id() {
            return ID;
        }

        @Override
        public String description() {
            return "-coef*H on every token, H the entropy of the policy's full next-token"
                    + " distribution (an entropy bonus, differentiable).";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(COEF);
        }

        @Override
        public Regulariser create(StrategyOptions options) {
            return new EntropyBonus(COEF.doubleValue(options));
        }
    }
}
