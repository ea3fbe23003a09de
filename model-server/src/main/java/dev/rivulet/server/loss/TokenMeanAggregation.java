package dev.rivulet.server.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.server.model.Scalars;

/**
 * Token mean over the whole batch: Σ valid·x / max(1, Σ valid), so every valid token weighs the
 * same whatever its response's length (DAPO's token-level loss; the default of every loss).
 */
public final class TokenMeanAggregation implements TokenAggregation {

    /** Registry id. */
    public static final String ID = "token-mean";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public NDArray aggregate(NDArray perToken, NDArray valid) {
        double count = Math.max(1.0, valid.sum().toType(DataType.FLOAT64, false).getDouble());
        return Scalars.div(perToken.mul(valid).sum(), count);
    }

    /** max(1, chunk's valid tokens) / max(1, batch's): the chunk's share of the denominator. */
    @Override
    public double chunkWeight(Extent chunk, Extent batch) {
        return Math.max(1.0, chunk.validTokens()) / Math.max(1.0, batch.validTokens());
    }

    /** Registers {@code token-mean}. */
    public static final class Factory implements TokenAggregationFactory {
        @Override
        public String id() {
            return ID;
        }

        @Override
        public String description() {
            return "Mean over every valid token of the batch: sum(valid*x) / max(1, sum(valid)).";
        }

        @Override
        public TokenAggregation create(StrategyOptions options) {
            return new TokenMeanAggregation();
        }
    }
}
