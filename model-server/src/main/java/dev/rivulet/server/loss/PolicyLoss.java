package dev.rivulet.server.loss;

/** A token-level policy loss, its per-token terms aggregated by its {@link TokenAggregation}. */
public interface PolicyLoss {

    /** Registry id, e.g. {@code ppo-clip}. */
    String id();

    /** The options this loss was built with. */
    LossOptions options();

    /** How this loss turns its per-token terms into the scalar (its {@code aggregation} option). */
    TokenAggregation aggregation();

    /**
     * Whether {@link #compute} reads {@link LossInput#entropy()} with its gradient (an {@code
     * entropy-bonus} regulariser); false by default.
     */
    default boolean needsEntropy() {
        return false;
    }

    /** Computes the loss; never NaN when no token is valid (the loss is then 0). */
    LossResult compute(LossInput input);
}
