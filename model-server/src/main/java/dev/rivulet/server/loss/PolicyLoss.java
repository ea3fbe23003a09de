package dev.rivulet.server.loss;

import dev.rivulet.server.model.Tokenizer;
import java.util.Set;

/** A token-level policy loss, its per-token terms aggregated by its {@link TokenAggregation}. */
public interface PolicyLoss {

    /** Registry id, e.g. {@code ppo-clip}. */
    String id();

    /** The options this loss was built with. */
    LossOptions options();

    /** How this loss turns its per-token terms into the scalar (its {@code aggregation} option). */
    TokenAggregation aggregation();

    /**
     * What {@link #compute} reads beyond log-probs, advantages and mask (its regularisers' needs
     * included); none by default.
     */
    default Set<LossNeed> needs() {
        return Set.of();
    }

    /**
     * Whether {@link #compute} reads {@link LossInput#entropy()} with its gradient (an {@code
     * entropy-bonus} regulariser).
     */
    default boolean needsEntropy() {
        return needs().contains(LossNeed.ENTROPY);
    }

    /**
     * This loss adapted to the tokenizer the model server encodes with (e.g. sspo takes the ids of
     * punctuation tokens as sub-sentence delimiters); the loss itself by default.
     */
    default PolicyLoss withTokenizer(Tokenizer tokenizer) {
        return this;
    }

    /** Computes the loss; never NaN when no token is valid (the loss is then 0). */
    LossResult compute(LossInput input);
}
