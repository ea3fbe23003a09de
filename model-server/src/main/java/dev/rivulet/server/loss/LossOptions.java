package dev.rivulet.server.loss;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed options shared by the policy losses, read from the user's {@link StrategyOptions} through
 * the specs below; each loss declares (and reads) the ones it needs.
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
 * @param aggregation id of the {@link TokenAggregation} that turns per-token terms into the loss
 * @param regulariser id of an extra {@link Regulariser} every loss adds to its per-token terms
 *     ({@code none} for none), on top of opmd's and asymre's own
 * @param regulariserCoef the extra regulariser's coefficient
 * @param regulariserOptions the extra regulariser's own options besides its coefficient, as {@code
 *     key:value} pairs separated by {@code ,} (empty for its defaults)
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
        double coef,
        String aggregation,
        String regulariser,
        double regulariserCoef,
        String regulariserOptions) {

    /** ε_lo, 0.2 (ALGORITHMS.md). */
    public static final OptionSpec EPS_LOW =
            OptionSpec.ofDouble("eps-low", 0.2, "Lower clip: ratios below 1 - eps-low are clipped.")
                    .atLeast(0)
                    .below(1);

    /** ε_hi, 0.28 (DAPO's clip-higher). */
    public static final OptionSpec EPS_HIGH =
            OptionSpec.ofDouble(
                            "eps-high", 0.28, "Upper clip: ratios above 1 + eps-high are clipped.")
                    .atLeast(0);

    /** Dual clip c, 3: 0 disables it, else it must be above 1. */
    public static final OptionSpec DUAL_CLIP =
            OptionSpec.ofDouble(
                            "dual-clip",
                            3.0,
                            "Dual-clip bound -c*A for A < 0: 0 disables it, else it must be > 1.")
                    .atLeast(0);

    /** Ring mask ε'_lo, 0.6. */
    public static final OptionSpec RING_LOW =
            OptionSpec.ofDouble(
                            "ring-low", 0.6, "Ring mask: also keep A >= 0 with ratio <= 1 - it.")
                    .atLeast(0)
                    .below(1);

    /** Ring mask ε'_hi, 2. */
    public static final OptionSpec RING_HIGH =
            OptionSpec.ofDouble(
                            "ring-high", 2.0, "Ring mask: also keep A <= 0 with ratio >= 1 + it.")
                    .atLeast(0);

    /** REC token mask, none. */
    public static final OptionSpec MASK =
            OptionSpec.ofEnum(
                    "mask", RecMask.NONE, "Which tokens count, by advantage sign and ratio.");

    /** REC advantage weight, none. */
    public static final OptionSpec WEIGHT =
            OptionSpec.ofEnum(
                    "weight", RecWeight.NONE, "Advantage weight: A, A*ratio (is) or A*exp(A/T).");

    /** Temperature T of the advantage weight, 1. */
    public static final OptionSpec TEMPERATURE =
            OptionSpec.ofDouble("temperature", 1.0, "T of the advantage weight A*exp(A/T).")
                    .above(0);

    /** Regulariser coefficient c, 0.1. */
    public static final OptionSpec COEF =
            OptionSpec.ofDouble("coef", 0.1, "Coefficient c of the loss's regulariser.");

    /** opmd's coefficient c, 0.1, at least 0 (a negative proximal term has no lower bound). */
    public static final OptionSpec PROXIMAL_COEF = COEF.atLeast(0);

    /** No extra regulariser. */
    public static final String NO_REGULARISER = "none";

    /** The extra regulariser, none. */
    public static final OptionSpec REGULARISER =
            OptionSpec.ofEnum(
                    "regulariser",
                    NO_REGULARISER,
                    withNone(Regularisers.registry().ids()),
                    "An extra per-token regulariser added to the loss (a regulariser id, e.g."
                            + " entropy-bonus), aggregated like the loss's own terms.");

    /** The extra regulariser's coefficient, 0.001 (verl's entropy_coeff default). */
    public static final OptionSpec REGULARISER_COEF =
            OptionSpec.ofDouble(
                    "regulariser-coef",
                    0.001,
                    "Coefficient of the extra regulariser (its coef option); the default is"
                            + " verl's entropy_coeff.");

    /**
     * The extra regulariser's own options besides coef, e.g. {@code
     * target-entropy:0.75,temperature-high:1.2}: {@code key:value} pairs separated by {@code ,}
     * (the loss options themselves use {@code =} and {@code ;}); empty for its defaults.
     */
    public static final OptionSpec REGULARISER_OPTIONS =
            OptionSpec.ofString(
                    "regulariser-options",
                    "",
                    "The extra regulariser's own options besides its coefficient, as key:value"
                            + " pairs separated by ',' (e.g. target-entropy:0.75); empty for its"
                            + " defaults.");

    /** The token aggregation, token-mean; every loss takes it. */
    public static final OptionSpec AGGREGATION =
            OptionSpec.ofEnum(
                    "aggregation",
                    TokenMeanAggregation.ID,
                    TokenAggregations.ids(),
                    "How per-token terms become the loss (a token aggregation id).");

    /**
     * The options of the REC family: the clip range, the ring, mask, weight, temperature and the
     * aggregation.
     */
    public static final List<OptionSpec> REC =
            List.of(
                    EPS_LOW,
                    EPS_HIGH,
                    RING_LOW,
                    RING_HIGH,
                    MASK,
                    WEIGHT,
                    TEMPERATURE,
                    AGGREGATION,
                    REGULARISER,
                    REGULARISER_COEF,
                    REGULARISER_OPTIONS);

    /** Validates ranges (the specs check user input; this guards direct construction). */
    public LossOptions {
        if (!(epsLo >= 0 && epsLo < 1) || !(epsHi >= 0)) {
            throw new IllegalArgumentException(
                    "clip range needs 0 <= epsLo < 1 and epsHi >= 0, got " + epsLo + ", " + epsHi);
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        if (!(dualClip == 0 || dualClip > 1)) {
            throw new IllegalArgumentException(
                    "option 'dual-clip' must be 0 (off) or > 1, got " + dualClip);
        }
        if (!(ringLo >= 0 && ringLo < 1) || !(ringHi >= 0)) {
            throw new IllegalArgumentException(
                    "ring needs 0 <= ring-low < 1 and ring-high >= 0, got "
                            + ringLo
                            + ", "
                            + ringHi);
        }
        if (!Double.isFinite(coef) || !Double.isFinite(regulariserCoef)) {
            throw new IllegalArgumentException(
                    "coef and regulariser-coef must be finite, got "
                            + coef
                            + ", "
                            + regulariserCoef);
        }
        if (mask == null
                || weight == null
                || aggregation == null
                || regulariser == null
                || regulariserOptions == null) {
            throw new IllegalArgumentException(
                    "mask, weight, aggregation, regulariser and regulariser-options must be set");
        }
    }

    /** The extra regulariser with its coefficient, or null for {@code none}. */
    public Regulariser extraRegulariser() {
        return regulariser.equals(NO_REGULARISER)
                ? null
                : Regularisers.create(regulariser, regulariserCoef, regulariserOptions);
    }

    private static List<String> withNone(List<String> ids) {
        List<String> out = new ArrayList<>();
        out.add(NO_REGULARISER);
        out.addAll(ids);
        return out;
    }

    /** Every option's value in {@code options}, or its default. */
    public static LossOptions from(StrategyOptions options) {
        return new LossOptions(
                EPS_LOW.doubleValue(options),
                EPS_HIGH.doubleValue(options),
                DUAL_CLIP.doubleValue(options),
                RING_LOW.doubleValue(options),
                RING_HIGH.doubleValue(options),
                MASK.enumValue(options, RecMask.class),
                WEIGHT.enumValue(options, RecWeight.class),
                TEMPERATURE.doubleValue(options),
                COEF.doubleValue(options),
                AGGREGATION.stringValue(options),
                REGULARISER.stringValue(options),
                REGULARISER_COEF.doubleValue(options),
                REGULARISER_OPTIONS.stringValue(options));
    }

    /**
     * The defaults of ALGORITHMS.md: ε = (0.2, 0.28), dual clip 3, ε' = (0.6, 2.0), T 1, c 0.1,
     * token-mean aggregation, no extra regulariser.
     */
    public static LossOptions defaults() {
        return from(StrategyOptions.empty());
    }
}
