package dev.rivulet.server.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Shared pieces of the token-level losses: the clamped ratio and the share of dropped tokens. */
final class TokenRatio {

    /** Bound of the log-ratio before exponentiation. */
    static final double LOG_RATIO_BOUND = 20.0;

    private TokenRatio() {}

    /** ρ = exp(clamp(logp − oldLogp, −20, 20)), differentiable through {@code logp}. */
    static NDArray of(LossInput in) {
        return in.logp().sub(in.oldLogp()).clip(-LOG_RATIO_BOUND, LOG_RATIO_BOUND).exp();
    }

    /** Share of valid tokens where {@code dropped} (0/1 or boolean) is set. */
    static double fraction(NDArray dropped, NDArray valid) {
        double count = valid.sum().toType(DataType.FLOAT64, false).getDouble();
        if (count <= 0) {
            return 0.0;
        }
        NDArray d = dropped.toType(valid.getDataType(), false).mul(valid).sum();
        return d.toType(DataType.FLOAT64, false).getDouble() / count;
    }
}
