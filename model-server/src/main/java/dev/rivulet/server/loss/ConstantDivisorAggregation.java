package dev.rivulet.server.loss;

import ai.djl.ndarray.NDArray;
import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.server.model.Scalars;
import java.util.List;

/**
 * Dr. GRPO's aggregation: the sum over every valid token divided by a constant, Σ valid·x / (B·L),
 * instead of by each response's length, so that long wrong answers are not favoured. L is the
 * {@code divisor} option, or with 0 (the default) the batch's longest response, as verl's {@code
 * seq-mean-token-sum-norm} divides by the padded response length.
 */
public final class ConstantDivisorAggregation implements TokenAggregation {

    /** Registry id. */
    public static final String ID = "constant-divisor";

    private final double divisor;

    ConstantDivisorAggregation(double divisor) {
        this.divisor = divisor;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public NDArray aggregate(NDArray perToken, NDArray valid) {
        long rows = perToken.getShape().get(0);
        double l = divisor > 0 ? divisor : longest(valid);
        return Scalars.div(perToken.mul(valid).sum(), Math.max(1, rows) * Math.max(1.0, l));
    }

    private static double longest(NDArray valid) {
        return valid.getShape().get(0) == 0 ? 0 : valid.sum(new int[] {1}).max().getDouble();
    }

    /**
     * b·L_chunk / (B·L_batch): the chunk's aggregate is divided by its own rows and (with the
     * default divisor) its own longest response, the batch's by the batch's.
     */
    @Override
    public double chunkWeight(Extent chunk, Extent batch) {
        double lc = divisor > 0 ? divisor : Math.max(1.0, chunk.longest());
        double lb = divisor > 0 ? divisor : Math.max(1.0, batch.longest());
        return (Math.max(1, chunk.rows()) * lc) / (Math.max(1, batch.rows()) * lb);
    }

    /** Registers {@code constant-divisor}. */
    public static final class Factory implements TokenAggregationFactory {
        private static final OptionSpec DIVISOR =
                OptionSpec.ofDouble(
                                "divisor",
                                0.0,
                                "L: the constant each response's token sum is divided by; 0 takes"
                                        + " the batch's longest response.")
                        .atLeast(0);

        @Override
        public String id() {
            return ID;
        }

        @Override
        public String description() {
            return "Dr. GRPO: sum over valid tokens / (responses x L), L a constant (default the"
                    + " longest response).";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(DIVISOR);
        }

        @Override
        public TokenAggregation create(StrategyOptions options) {
            return new ConstantDivisorAggregation(DIVISOR.doubleValue(options));
        }
    }
}
