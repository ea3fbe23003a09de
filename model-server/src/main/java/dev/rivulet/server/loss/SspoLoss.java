package dev.rivulet.server.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.server.model.Tokenizer;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * SSPO: PPO clip with one importance ratio per sub-sentence, s_k = exp(mean over the segment's
 * valid tokens of (logp − oldLogp)) (the geometric mean of its token ratios), and a clip range
 * scaled by the segment's entropy: ε_lo·f_k and ε_hi·f_k with f_k = clamp(H_k / H̄, 1 − δ, 1 + δ),
 * H_k the segment's mean token entropy and H̄ the pass's (both detached). Every token of segment k
 * gets L_t = max(−A_t·s_k, −A_t·clip(s_k, 1 − ε_lo·f_k, 1 + ε_hi·f_k)); with {@code
 * segments=response} (or no delimiters) s_k is GSPO's sequence-level ratio. Segments end after a
 * delimiter token: the ids of option {@code delimiter-ids} plus, on the model server, every token
 * whose text ends in punctuation or holds a line break ({@link #withTokenizer}).
 */
public final class SspoLoss implements PolicyLoss {

    /** Registry id. */
    public static final String ID = "sspo";

    /** The characters that end a sub-sentence when a token's text ends with one of them. */
    static final String PUNCTUATION = ".,;:!?。，；：！？、";

    /** How responses are cut into segments. */
    public enum Segments {
        /** At every delimiter token (sub-sentences, SSPO). */
        SENTENCE,
        /** One segment per response (GSPO's sequence-level ratio). */
        RESPONSE
    }

    /** Segments, sentence. */
    static final OptionSpec SEGMENTS =
            OptionSpec.ofEnum(
                    "segments",
                    Segments.SENTENCE,
                    "sentence: one ratio per sub-sentence (SSPO); response: one per response"
                            + " (GSPO).");

    /** Extra delimiter ids, none (the model server adds the tokenizer's punctuation). */
    static final OptionSpec DELIMITER_IDS =
            OptionSpec.ofString(
                    "delimiter-ids",
                    "",
                    "Token ids that end a sub-sentence, separated by ','; the model server adds"
                            + " every token whose text ends in punctuation or holds a line break.");

    /** δ, 0.5 (Rivulet's choice; 0 turns the entropy adaptation off). */
    static final OptionSpec ENTROPY_RANGE =
            OptionSpec.ofDouble(
                            "entropy-range",
                            0.5,
                            "delta: the clip range is scaled by clamp(H_segment / H_mean, 1-delta,"
                                    + " 1+delta); 0 keeps eps-low and eps-high fixed.")
                    .atLeast(0)
                    .below(1);

    private final LossOptions options;
    private final TokenAggregation aggregation;
    private final Regulariser extra;
    private final Segments segments;
    private final BitSet delimiters;
    private final double entropyRange;

    SspoLoss(LossOptions options, Segments segments, BitSet delimiters, double entropyRange) {
        if (!(entropyRange >= 0 && entropyRange < 1)) {
            throw new IllegalArgumentException(
                    "sspo option 'entropy-range' must be in [0, 1), got " + entropyRange);
        }
        this.options = options;
        this.aggregation = TokenAggregations.create(options.aggregation());
        this.extra = options.extraRegulariser();
        this.segments = segments;
        this.delimiters = (BitSet) delimiters.clone();
        this.entropyRange = entropyRange;
    }

    /** The delimiter ids in use (a copy). */
    public BitSet delimiters() {
        return (BitSet) delimiters.clone();
    }

    /**
     * This loss with every id of {@code tokenizer} whose text, trailing blanks removed, ends in one
     * of {@link #PUNCTUATION} or holds a line break added to the delimiters.
     */
    @Override
    public PolicyLoss withTokenizer(Tokenizer tokenizer) {
        BitSet ids = (BitSet) delimiters.clone();
        for (int id = 0; id < tokenizer.vocabSize(); id++) {
            if (endsSubsentence(tokenizer.decode(new int[] {id}))) {
                ids.set(id);
            }
        }
        return new SspoLoss(options, segments, ids, entropyRange);
    }

    /** Whether a token's text ends a sub-sentence. */
    static boolean endsSubsentence(String text) {
        if (text.indexOf('\n') >= 0) {
            return true;
        }
        String t = text.stripTrailing();
        return !t.isEmpty() && PUNCTUATION.indexOf(t.charAt(t.length() - 1)) >= 0;
    }

    @Override
    public Set<LossNeed> needs() {
        return extra == null ? Set.of() : extra.needs();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public LossOptions options() {
        return options;
    }

    @Override
    public TokenAggregation aggregation() {
        return aggregation;
    }

    @Override
    public LossResult compute(LossInput in) {
        NDArray logp = in.logp();
        int rows = (int) logp.getShape().get(0);
        int width = (int) logp.getShape().get(1);
        NDManager m = logp.getManager();
        NDArray valid = in.valid().toType(logp.getDataType(), false);
        double[] v = valid.toType(DataType.FLOAT64, false).toDoubleArray();
        Subsentences seg =
                Subsentences.of(
                        in.context(),
                        v,
                        rows,
                        width,
                        segments == Segments.SENTENCE ? delimiters : null);
        Shape shape = new Shape(rows, width);
        // mean log-ratio over each segment's valid tokens: differences of row prefix sums
        NDArray d = logp.sub(in.oldLogp()).mul(valid);
        NDArray prefix = m.zeros(new Shape(rows, 1), d.getDataType()).concat(d, 1).cumSum(1);
        NDArray sum =
                prefix.gather(m.create(seg.end(), shape), 1)
                        .sub(prefix.gather(m.create(seg.start(), shape), 1));
        double[] count = new double[rows * width];
        for (int i = 0; i < count.length; i++) {
            count[i] = Math.max(1.0, seg.count()[i]);
        }
        NDArray logRatio = sum.div(m.create(count, shape).toType(d.getDataType(), false));
        NDArray ratio =
                logRatio.clip(-TokenRatio.LOG_RATIO_BOUND, TokenRatio.LOG_RATIO_BOUND).exp();
        double[] f = clipScale(in.entropy(), v, seg, rows, width);
        double[] lo = new double[f.length];
        double[] hi = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            lo[i] = 1.0 - options.epsLo() * f[i];
            hi[i] = 1.0 + options.epsHi() * f[i];
        }
        NDArray clippedRatio =
                ratio.maximum(m.create(lo, shape).toType(ratio.getDataType(), false))
                        .minimum(m.create(hi, shape).toType(ratio.getDataType(), false));
        NDArray a = in.advantages();
        NDArray unclipped = a.neg().mul(ratio);
        NDArray loss = unclipped.maximum(a.neg().mul(clippedRatio));
        double clipFraction = TokenRatio.fraction(loss.neq(unclipped), in.valid());
        if (extra != null) {
            loss = loss.add(extra.term(in));
        }
        return new LossResult(aggregation.aggregate(loss, in.valid()), clipFraction);
    }

    /**
     * f per position: clamp(H_k / H̄, 1 − δ, 1 + δ) from the detached entropies; 1 everywhere when
     * δ = 0, no entropy is given or H̄ is not above 0.
     */
    private double[] clipScale(NDArray entropy, double[] v, Subsentences seg, int rows, int w) {
        double[] f = new double[v.length];
        java.util.Arrays.fill(f, 1.0);
        if (entropyRange == 0 || entropy == null) {
            return f;
        }
        double[] h = entropy.stopGradient().toType(DataType.FLOAT64, false).toDoubleArray();
        double sum = 0;
        double n = 0;
        for (int i = 0; i < v.length; i++) {
            h[i] *= v[i];
            sum += h[i];
            n += v[i];
        }
        double mean = n > 0 ? sum / n : 0;
        if (!(mean > 0) || !Double.isFinite(mean)) {
            return f;
        }
        double[] segment = seg.segmentMean(h, rows, w);
        for (int i = 0; i < f.length; i++) {
            double x = segment[i] / mean;
            f[i] = Math.max(1 - entropyRange, Math.min(1 + entropyRange, x));
        }
        return f;
    }

    /** The ids of {@code spec}, integers separated by ','. */
    static BitSet parseIds(String spec) {
        BitSet ids = new BitSet();
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            try {
                int id = Integer.parseInt(p);
                if (id < 0) {
                    throw new NumberFormatException();
                }
                ids.set(id);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "sspo option 'delimiter-ids' needs token ids >= 0 separated by ',', got '"
                                + p
                                + "'");
            }
        }
        return ids;
    }

    /** Registers {@code sspo}. */
    public static final class Factory implements PolicyLossFactory {
        @Override
        public String id() {
            return ID;
        }

        @Override
        public String description() {
            return "SSPO: PPO clip with one geometric-mean ratio per sub-sentence and an"
                    + " entropy-scaled clip range (segments=response gives GSPO's ratio).";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(
                    LossOptions.EPS_LOW,
                    LossOptions.EPS_HIGH,
                    SEGMENTS,
                    DELIMITER_IDS,
                    ENTROPY_RANGE,
                    LossOptions.AGGREGATION,
                    LossOptions.REGULARISER,
                    LossOptions.REGULARISER_COEF,
                    LossOptions.REGULARISER_OPTIONS);
        }

        @Override
        public PolicyLoss create(StrategyOptions options) {
            return new SspoLoss(
                    LossOptions.from(options),
                    SEGMENTS.enumValue(options, Segments.class),
                    parseIds(DELIMITER_IDS.stringValue(options)),
                    ENTROPY_RANGE.doubleValue(options));
        }
    }

    @Override
    public String toString() {
        return ID + "/" + segments.name().toLowerCase(Locale.ROOT);
    }
}
