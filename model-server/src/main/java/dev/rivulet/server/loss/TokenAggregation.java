package dev.rivulet.server.loss;

import ai.djl.ndarray.NDArray;

/**
 * How a loss turns its per-token terms into the one scalar it minimises (token mean, sequence mean,
 * a constant divisor...): a strategy family of its own ({@link TokenAggregations}), chosen with
 * every loss's {@code aggregation} option; docs/algorithms/aggregation-&lt;id&gt;.md.
 */
public interface TokenAggregation {

    /** Registry id, e.g. {@code token-mean}. */
    String id();

    /**
     * The scalar loss from per-token terms and the 0/1 mask of valid tokens, both (rows, tokens);
     * differentiable through {@code perToken}, and 0 (never NaN) when no token is valid.
     */
    NDArray aggregate(NDArray perToken, NDArray valid);

    /**
     * The weight of one row chunk's aggregate when a batch too large for one pass is aggregated
     * chunk by chunk: the aggregate of the batch is Σ weight·aggregate(chunk) over its chunks, so
     * the chunks' gradients add up to the batch's.
     */
    double chunkWeight(Extent chunk, Extent batch);

    /**
     * The size of a batch, or of a chunk of its rows.
     *
     * @param rows rows (responses)
     * @param validTokens valid tokens of all rows
     * @param longest valid tokens of the longest row
     */
    record Extent(int rows, double validTokens, double longest) {}
}
