package dev.rivulet.server.loss;

import ai.djl.ndarray.NDArray;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.server.model.Scalars;

/**
 * Mean over the batch's responses of each response's token mean: (1/B) Σ_i Σ_t valid·x / max(1, Σ_t
 * valid), so every response weighs the same whatever its length (GRPO's original sample-level
 * aggregation, verl's {@code seq-mean-token-mean}).
 */
public final class SequenceMeanAggregation implements TokenAggregation {

    /** Registry id. */
    public static final String ID = "seq-mean-token-mean";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public NDArray aggregate(NDArray perToken, NDArray valid) {
        long rows = perToken.getShape().get(0);
        NDArray perRow = perToken.mul(valid).sum(new int[] {1});
        NDArray counts = Scalars.maximum(valid.sum(new int[] {1}), 1.0);
        return Scalars.div(perRow.div(counts).sum(), Math.max(1, rows));
    }

    /** The chunk's share of the rows. */
    @Override
    public double chunkWeight(Extent chunk, Extent batch) {
        return (double) chunk.rows() / Math.max(1, batch.rows());
    }

    /** Registers {@code seq-mean-token-mean}. */
    public static final class Factory implements TokenAggregationFactory {
        @Override
        public String id() {
            return ID;
        }

        @Override
        public String description() {
            return "Mean over responses of each response's token mean: every response weighs"
                    + " the same.";
        }

        @Override
        public TokenAggregation create(StrategyOptions options) {
            return new SequenceMeanAggregation();
        }
    }
}
