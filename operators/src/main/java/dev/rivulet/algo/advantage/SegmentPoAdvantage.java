package dev.rivulet.algo.advantage;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Segment Policy Optimization (SPO-chain): a response is cut into segments at its low-probability
 * tokens ({@link SegmentCuts}); the loop generates {@code continuations} completions from the
 * prompt plus the response up to each cut, and the mean reward of those is the cut's Monte Carlo
 * value V(c). Every token of the segment (c_{k−1}, c_k] gets the advantage V(c_k) − V(c_{k−1}),
 * where the value before the first token is the group's mean reward (0 for a group of one, as
 * drgrpo) and the value after the last token is the response's reward. With {@code prob-mask} a
 * token whose behaviour probability exceeds {@code threshold} gets 0: only the uncertain choices
 * carry the credit.
 *
 * <p>A response without cuts (too short, no uncertain token, or beyond {@code max-responses}) is
 * one segment: A = r − mean r (Dr. GRPO). The scalar advantage of every response is r − V₀, the sum
 * of its segment advantages.
 */
public final class SegmentPoAdvantage implements AdvantageEstimator {

    static final OptionSpec THRESHOLD =
            OptionSpec.ofDouble(
                            "threshold",
                            0.9,
                            "A token whose behaviour probability is below this marks a cut just"
                                    + " before it (SPO-chain's cutpoints; the authors' code uses"
                                    + " 0.9); with prob-mask, tokens above it get no advantage.")
                    .above(0)
                    .atMost(1);
    static final OptionSpec INTERVAL =
            OptionSpec.ofInt(
                            "interval",
                            5,
                            "Keep every interval-th low-probability mark as a cut, so a segment"
                                    + " holds this many uncertain tokens (the authors' default"
                                    + " cutpoint_interval).")
                    .atLeast(1);
    static final OptionSpec MAX_CUTS =
            OptionSpec.ofInt(
                            "max-cuts",
                            4,
                            "At most this many cuts per response, the earliest (bounds the extra"
                                    + " generation; 0 = no continuations, Dr. GRPO with the mask).")
                    .atLeast(0);
    static final OptionSpec CONTINUATIONS =
            OptionSpec.ofInt(
                            "continuations",
                            4,
                            "Continuations generated from each cut; V(cut) is their mean reward"
                                    + " (the paper's GSM8K SPO-chain runs use 4).")
                    .atLeast(1);
    static final OptionSpec MAX_RESPONSES =
            OptionSpec.ofInt(
                            "max-responses",
                            8,
                            "Segment at most this many responses of a group (the first by sample"
                                    + " index); the others are one segment. 8 = a whole default"
                                    + " group.")
                    .atLeast(0);
    static final OptionSpec PROB_MASK =
            OptionSpec.ofBoolean(
                    "prob-mask",
                    true,
                    "SPO's probability mask: only tokens with behaviour probability at most"
                            + " threshold carry their segment's advantage.");

    private final double threshold;
    private final int interval;
    private final int maxCuts;
    private final int continuations;
    private final int maxResponses;
    private final boolean probMask;
    private final double clip;

    /**
     * @param threshold probability below which a token marks a cut
     * @param interval every interval-th mark is a cut
     * @param maxCuts cuts per response at most
     * @param continuations continuations per cut
     * @param maxResponses responses segmented per group at most
     * @param probMask only low-probability tokens carry advantages
     * @param clip clip |A| of every token and scalar to this bound (0: off)
     */
    public SegmentPoAdvantage(
            double threshold,
            int interval,
            int maxCuts,
            int continuations,
            int maxResponses,
            boolean probMask,
            double clip) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException(
                    "segment-po threshold must be in (0, 1], got " + threshold);
        }
        if (interval < 1) {
            throw new IllegalArgumentException("segment-po interval must be >= 1, got " + interval);
        }
        if (maxCuts < 0) {
            throw new IllegalArgumentException("segment-po max-cuts must be >= 0, got " + maxCuts);
        }
        if (continuations < 1) {
            throw new IllegalArgumentException(
                    "segment-po continuations must be >= 1, got " + continuations);
        }
        if (maxResponses < 0) {
            throw new IllegalArgumentException(
                    "segment-po max-responses must be >= 0, got " + maxResponses);
        }
        this.threshold = threshold;
        this.interval = interval;
        this.maxCuts = maxCuts;
        this.continuations = continuations;
        this.maxResponses = maxResponses;
        this.probMask = probMask;
        this.clip = clip;
    }

    @Override
    public boolean needsGroup() {
        return true;
    }

    /** The cuts of a response with these behaviour log-probs. */
    public int[] cuts(float[] logprobs) {
        return SegmentCuts.of(logprobs, threshold, interval, maxCuts);
    }

    /** Continuations generated from each cut. */
    public int continuations() {
        return continuations;
    }

    /** Responses segmented per group at most. */
    public int maxResponses() {
        return maxResponses;
    }

    /** Without continuation values: every response is one segment. */
    @Override
    public AdvantageResult estimate(AdvantageInput input, RandomGenerator rng) {
        return estimate(input, List.of());
    }

    /**
     * The advantages with each response's cut values ({@code values.get(i)}; an empty list, or
     * {@link SegmentValues#NONE} for a response, means one segment). Per-token advantages are set
     * when the input carries features (the behaviour log-probs give the mask and the length).
     */
    public AdvantageResult estimate(AdvantageInput input, List<SegmentValues> values) {
        double[] r = input.rewards();
        if (!values.isEmpty() && values.size() != r.length) {
            throw new IllegalArgumentException(
                    "got " + r.length + " rewards but " + values.size() + " segment values");
        }
        double v0 = r.length > 1 ? GroupMath.mean(r) : 0.0;
        double[] a = new double[r.length];
        List<float[]> tokens = new ArrayList<>(r.length);
        int nonZero = 0;
        int clipped = 0;
        for (int i = 0; i < r.length; i++) {
            a[i] = clip(r[i] - v0);
            if (a[i] != r[i] - v0) {
                clipped++;
            }
            if (!input.hasFeatures()) {
                nonZero += a[i] != 0.0 ? 1 : 0;
                continue;
            }
            SegmentValues v = values.isEmpty() ? SegmentValues.NONE : values.get(i);
            float[] t = tokenAdvantages(input.feature(i).behaviourLogprobs(), v, v0, r[i]);
            boolean any = false;
            for (int j = 0; j < t.length; j++) {
                float c = (float) clip(t[j]);
                clipped += c != t[j] ? 1 : 0;
                t[j] = c;
                any |= c != 0f;
            }
            nonZero += any ? 1 : 0;
            tokens.add(t);
        }
        double meanReward = r.length == 0 ? Double.NaN : GroupMath.mean(r);
        AdvantageResult out =
                new AdvantageResult(a, GroupMath.allEqual(r), nonZero, 0, clipped, meanReward);
        return input.hasFeatures() ? out.withTokenAdvantages(tokens) : out;
    }

    /**
     * The per-token advantages of one response of T = {@code logprobs.length} tokens: the value
     * points are (−1, v0), the cuts (c_k, V_k) and (T − 1, reward); token j gets V(p) − V(p') for
     * the first point p at or after j and the point p' before it; masked tokens get 0.
     */
    float[] tokenAdvantages(float[] logprobs, SegmentValues v, double v0, double reward) {
        int n = logprobs.length;
        int[] cuts = v.cuts();
        double[] vals = v.values();
        if (cuts.length > 0 && cuts[cuts.length - 1] > n - 2) {
            throw new IllegalArgumentException(
                    "a cut at " + cuts[cuts.length - 1] + " leaves no token after it in " + n);
        }
        float[] out = new float[n];
        double before = v0;
        int start = 0;
        for (int k = 0; k <= cuts.length; k++) {
            int end = k < cuts.length ? cuts[k] : n - 1;
            double after = k < cuts.length ? vals[k] : reward;
            for (int j = start; j <= end; j++) {
                boolean masked = probMask && Math.exp(logprobs[j]) > threshold;
                out[j] = masked ? 0f : (float) (after - before);
            }
            before = after;
            start = end + 1;
        }
        return out;
    }

    private double clip(double x) {
        return clip > 0 && Math.abs(x) > clip ? Math.copySign(clip, x) : x;
    }

    /** Registers {@code segment-po}. */
    public static final class Factory implements AdvantageEstimatorFactory {
        @Override
        public String id() {
            return "segment-po";
        }

        @Override
        public String description() {
            return "Segment Policy Optimization (SPO-chain): cuts at low-probability tokens,"
                    + " continuations from each cut give V(cut), each segment's tokens get"
                    + " V(end) - V(start).";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(
                    THRESHOLD,
                    INTERVAL,
                    MAX_CUTS,
                    CONTINUATIONS,
                    MAX_RESPONSES,
                    PROB_MASK,
                    GroupMath.CLIP);
        }

        @Override
        public AdvantageEstimator create(StrategyOptions options) {
            return new SegmentPoAdvantage(
                    THRESHOLD.doubleValue(options),
                    INTERVAL.intValue(options),
                    MAX_CUTS.intValue(options),
                    CONTINUATIONS.intValue(options),
                    MAX_RESPONSES.intValue(options),
                    PROB_MASK.booleanValue(options),
                    GroupMath.CLIP.doubleValue(options));
        }
    }
}
