package dev.rivulet.server.loss;

/**
 * Typed options shared by the policy losses; each loss reads the ones it needs.
 *
 * @param epsLo lower clip ε_lo (ρ ≥ 1−ε_lo)
 * @param epsHi upper clip ε_hi (ρ ≤ 1+ε_hi, clip-higher)
 * @param dualClip dual-clip constant c for A &lt; 0 in ppo-clip ({@code <= 0} disables it)
 * @param ringLo ring mask ε'_lo
 * @param ringHi ring mask ε'_hi
 * @param mask REC token mask
 * @param weight REC advantage weight
 * @param temperature T of the {@code advantage} weight
 * @param coef regulariser coefficient c of {@code opmd} and {@code asymre}
 */
public record LossOptions(
        double epsLo,
        double epsHi,
        double dualClip,
        double ringLo,
        double ringHi,
        RecMask mask,
        RecWeight weight,
        double temperature,
        double coef) {

    /** Validates ranges. */
    public LossOptions {
        if (!(epsLo >= 0 && epsLo < 1) || !(epsHi >= 0)) {
            throw new IllegalArgumentException(
                    "clip range needs 0 <= epsLo < 1 and epsHi >= 0, got " + epsLo + ", " + epsHi);
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        if (mask == null || weight == null) {
            throw new IllegalArgumentException("mask and weight must be set");
        }
    }

    /** The defaults of ALGORITHMS.md: ε = (0.2, 0.28), dual clip 3, ε' = (0.6, 2.0), T 1, c 0.1. */
    public static LossOptions defaults() {
        return new LossOptions(0.2, 0.28, 3.0, 0.6, 2.0, RecMask.NONE, RecWeight.NONE, 1.0, 0.1);
    }

    /** Copy with another clip range. */
    public LossOptions withEps(double lo, double hi) {
        return new LossOptions(lo, hi, dualClip, ringLo, ringHi, mask, weight, temperature, coef);
    }

    /** Copy with another dual-clip constant. */
    public LossOptions withDualClip(double c) {
        return new LossOptions(epsLo, epsHi, c, ringLo, ringHi, mask, weight, temperature, coef);
    }

    /** Copy with another ring range. */
    public LossOptions withRing(double lo, double hi) {
        return new LossOptions(epsLo, epsHi, dualClip, lo, hi, mask, weight, temperature, coef);
    }

    /** Copy with another REC mask and weight. */
    public LossOptions withRec(RecMask m, RecWeight w) {
        return new LossOptions(epsLo, epsHi, dualClip, ringLo, ringHi, m, w, temperature, coef);
    }

    /** Copy with another advantage-weight temperature. */
    public LossOptions withTemperature(double t) {
        return new LossOptions(epsLo, epsHi, dualClip, ringLo, ringHi, mask, weight, t, coef);
    }

    /** Copy with another regulariser coefficient. */
    public LossOptions withCoef(double c) {
        return new LossOptions(
                epsLo, epsHi, dualClip, ringLo, ringHi, mask, weight, temperature, c);
    }
}
