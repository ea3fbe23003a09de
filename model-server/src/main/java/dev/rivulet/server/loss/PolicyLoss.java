package dev.rivulet.server.loss;

/** A token-level policy loss with token-mean aggregation over the valid tokens. */
public interface PolicyLoss {

    /** Registry id, e.g. {@code ppo-clip}. */
    String id();

    /** The options this loss was built with. */
    LossOptions options();

    /** Computes the loss; never NaN when no token is valid (the loss is then 0). */
    LossResult compute(LossInput input);
}
