package dev.rivulet.server.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Shared pieces of the token-level losses: clamped ratios and token-mean aggregation. */
final class TokenMean {

    /** Bound of the log-ratio before exponentiation. */
    static final double LOG_RATIO_BOUND = 20.0;

    private TokenMean() {}

    /** ρ = exp(clamp(logp − oldLogp, −20, 20)), differentiable through {@code logp}. */
    static NDArray ratio(LossInput in) {
        return in.logp().sub(in.oldLogp()).clip(-LOG_RATIO_BOUND, LOG_RATIO_BOUND).exp();
    }

    /** Σ valid·perToken / max(1, Σ valid): masks multiply, the denominator counts valid tokens. */
    static NDArray mean(NDArray perToken, NDArray valid) {
        double count = Math.max(1.0, valid.sum().toType(DataType.FLOAT64, false).getDouble());
        return perToken.mul(valid).sum().div(count);
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
