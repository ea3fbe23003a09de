package dev.rivulet.algo.advantage;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Stratified GRPO (Zhu et al., "Stratified GRPO: Handling Structural Heterogeneity in RL of LLM
 * Search Agents"): Stratified Advantage Normalization (SAN) normalises each reward within its
 * stratum, A_SAN = (r_i − mean_k)/(std_k + 1e-6), and the result is blended with GRPO's global
 * estimate, A_i = w·A_SAN + (1 − w)·A_GN. Strata are the samples of the group with the same finish
 * reason, the same length bucket, or both ({@code strata}). One stratum gives GRPO; an input
 * without features gets GRPO.
 */
public final class StratifiedAdvantage implements AdvantageEstimator {

    /** How samples of a group are split into strata. */
    public enum Strata {
        /** By finish reason: stopped at end-of-sequence vs cut at the length limit. */
        FINISH_REASON,
        /** By response length: floor(length / bucket) tokens. */
        LENGTH,
        /** By finish reason and length bucket together. */
        FINISH_REASON_AND_LENGTH
    }

    static final OptionSpec STRATA =
            OptionSpec.ofEnum(
                    "strata",
                    Strata.FINISH_REASON,
                    "What splits a group into strata: finish-reason (stop vs length), length"
                            + " (buckets of length-bucket tokens) or both. The paper stratifies"
                            + " search agents by their number of search calls; our single-turn"
                            + " completions have no calls, so structure is read from how and"
                            + " when generation ended.");

    static final OptionSpec LENGTH_BUCKET =
            OptionSpec.ofInt(
                            "length-bucket",
                            8,
                            "Width in tokens of a length stratum (strata=length or"
                                    + " finish-reason-and-length): bucket = floor(length /"
                                    + " width).")
                    .atLeast(1);

    static final OptionSpec BLEND =
            OptionSpec.ofDouble(
                            "blend",
                            0.8,
                            "w, the weight of the stratified estimate in A = w·A_SAN + (1 −"
                                    + " w)·A_GN; 1 is pure SAN, 0 is GRPO. The paper blends"
                                    + " for finite-sample stability; 0.8 is our choice (see"
                                    + " docs/algorithms/stratified.md).")
                    .atLeast(0)
                    .atMost(1);

    private final double clip;
    private final Strata strata;
    private final int lengthBucket;
    private final double blend;

    public StratifiedAdvantage(double clip, Strata strata, int lengthBucket, double blend) {
        if (lengthBucket < 1) {
            throw new IllegalArgumentException("length-bucket must be >= 1, got " + lengthBucket);
        }
        if (!(blend >= 0 && blend <= 1)) {
            throw new IllegalArgumentException("blend must be in [0, 1], got " + blend);
        }
        this.clip = clip;
        this.strata = strata;
        this.lengthBucket = lengthBucket;
        this.blend = blend;
    }

    @Override
    public boolean needsGroup() {
        return true;
    }

    @Override
    public AdvantageResult estimate(AdvantageInput input, RandomGenerator rng) {
        double[] r = input.rewards();
        double[] global = new GrpoAdvantage(0.0).estimate(input, rng).advantages();
        if (!input.hasFeatures() || r.length < 2) {
            return GroupMath.finish(r, global, clip, 0);
        }
        Map<String, List<Integer>> byStratum = new LinkedHashMap<>();
        for (int i = 0; i < r.length; i++) {
            byStratum.computeIfAbsent(key(input.feature(i)), k -> new ArrayList<>()).add(i);
        }
        double[] a = new double[r.length];
        for (List<Integer> members : byStratum.values()) {
            double[] sr = new double[members.size()];
            for (int j = 0; j < sr.length; j++) {
                sr[j] = r[members.get(j)];
            }
            double mean = GroupMath.mean(sr);
            double std = GroupMath.unbiasedStd(sr, mean);
            for (int j = 0; j < sr.length; j++) {
                int i = members.get(j);
                double san = (sr[j] - mean) / (std + GrpoAdvantage.EPS);
                a[i] = blend * san + (1 - blend) * global[i];
            }
        }
        return GroupMath.finish(r, a, clip, 0);
    }

    private String key(SampleFeatures f) {
        String bucket = Integer.toString(f.length() / lengthBucket);
        return switch (strata) {
            case FINISH_REASON -> f.finishReason().name();
            case LENGTH -> bucket;
            case FINISH_REASON_AND_LENGTH -> f.finishReason().name() + "/" + bucket;
        };
    }

    /** Registers {@code stratified}. */
    public static final class Factory implements AdvantageEstimatorFactory {
        @Override
        public String id() {
            return "stratified";
        }

        @Override
        public String description() {
            return "Stratified GRPO: rewards normalised within strata (finish reason and/or"
                    + " length bucket) and blended with the group-wide GRPO advantage.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(GroupMath.CLIP, STRATA, LENGTH_BUCKET, BLEND);
        }

        @Override
        public AdvantageEstimator create(StrategyOptions options) {
            return new StratifiedAdvantage(
                    GroupMath.CLIP.doubleValue(options),
                    STRATA.enumValue(options, Strata.class),
                    LENGTH_BUCKET.intValue(options),
                    BLEND.doubleValue(options));
        }
    }
}
