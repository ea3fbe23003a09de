package dev.rivulet.server.loss;

import ai.djl.ndarray.NDArray;
import dev.rivulet.server.model.Scalars;

/** The k3 estimator of KL(current ‖ reference) used by the learner's KL term and kl-schedule. */
public final class K3 {

    private K3() {}

    /**
     * Per token: exp(ref − logp) − (ref − logp) − 1, differentiable through {@code logp} only (the
     * reference is detached); never negative.
     */
    public static NDArray perToken(NDArray refLogp, NDArray logp) {
        NDArray d = refLogp.stopGradient().sub(logp);
        return Scalars.sub(d.exp().sub(d), 1.0);
    }
}
