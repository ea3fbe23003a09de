package dev.rivulet.algo.shape;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ARM's Ada-GRPO: each sample's task reward is scaled by α = (G/F)·decay(t), F the number of the
 * group's G samples in the same {@link ResponseFormat}, decay(t) = F/G + ½(1 − F/G)(1 + cos(πt/T))
 * with t the sample's policy version (capped at T); rare formats earn more early, and α reaches 1
 * at t = T.
 */
public final class AdaFormatShaper implements RewardShaper {

    /** Extra part: α, the factor the task reward was scaled by. */
    public static final String SCALE_PART = "format-scale";

    /** Prefix of the extra 0/1 parts that say which format a sample is in. */
    public static final String FORMAT_PREFIX = "format-";

    static final OptionSpec DECAY_VERSIONS =
            OptionSpec.ofLong(
                            "decay-versions",
                            450,
                            "T, the policy version at which the scale has decayed to 1 (ARM's"
                                    + " total training steps; 450 is about a 3-minute Rivulet"
                                    + " run).")
                    .atLeast(1);
    static final OptionSpec LONG_TOKENS =
            OptionSpec.ofInt(
                            "long-tokens",
                            8,
                            "Worked text of at least this many tokens is long-cot, shorter is"
                                    + " short-cot (ours: half of rivulet.loop.max-new-tokens'"
                                    + " default).")
                    .atLeast(1);

    private final long decayVersions;
    private final int longTokens;

    /**
     * @param decayVersions T, at least 1
     * @param longTokens the short/long CoT boundary in tokens, at least 1
     */
    public AdaFormatShaper(long decayVersions, int longTokens) {
        if (decayVersions < 1) {
            throw new IllegalArgumentException(
                    "decay-versions must be at least 1, got " + decayVersions);
        }
        if (longTokens < 1) {
            throw new IllegalArgumentException("long-tokens must be at least 1, got " + longTokens);
        }
        this.decayVersions = decayVersions;
        this.longTokens = longTokens;
    }

    /** α for a format held by {@code f} of {@code g} samples, at policy version {@code t}. */
    double scale(int f, int g, long t) {
        double share = (double) f / g;
        double progress = (double) Math.min(t, decayVersions) / decayVersions;
        double decay = share + 0.5 * (1 - share) * (1 + Math.cos(Math.PI * progress));
        return decay / share;
    }

    @Override
    public ShapedRewards shape(ShapingGroup group) {
        int g = group.size();
        ResponseFormat[] formats = new ResponseFormat[g];
        Map<ResponseFormat, Integer> counts = new EnumMap<>(ResponseFormat.class);
        for (int i = 0; i < g; i++) {
            ShapingSample s = group.sample(i);
            formats[i] = ResponseFormat.classify(s.text(), s.length(), longTokens);
            counts.merge(formats[i], 1, Integer::sum);
        }
        double[] r = new double[g];
        List<Map<String, Double>> parts = new ArrayList<>(g);
        for (int i = 0; i < g; i++) {
            ShapingSample s = group.sample(i);
            double alpha = scale(counts.get(formats[i]), g, s.features().policyVersion());
            r[i] = alpha * s.taskReward();
            Map<String, Double> p = new LinkedHashMap<>();
            p.put(SCALE_PART, alpha);
            for (ResponseFormat f : ResponseFormat.values()) {
                p.put(FORMAT_PREFIX + f.id(), f == formats[i] ? 1.0 : 0.0);
            }
            parts.add(p);
        }
        return new ShapedRewards(r, parts);
    }

    /** Registers {@code ada-format}. */
    public static final class Factory implements RewardShaperFactory {
        @Override
        public String id() {
            return "ada-format";
        }

        @Override
        public String description() {
            return "ARM's Ada-GRPO: task reward x (G/F)*decay(t), F the group's count of the"
                    + " sample's format (direct, short-cot, code, long-cot), decaying to 1 by"
                    + " cosine over decay-versions.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(DECAY_VERSIONS, LONG_TOKENS);
        }

        @Override
        public RewardShaper create(StrategyOptions options) {
            return new AdaFormatShaper(
                    DECAY_VERSIONS.longValue(options), LONG_TOKENS.intValue(options));
        }
    }
}
