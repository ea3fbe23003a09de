package dev.rivulet.algo.sampling;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * DAPO dynamic sampling: drops groups whose rewards are all equal (with {@code filter=true}) and
 * asks for more generation rounds until the micro-batch is full, at most max-extra-rounds times.
 */
public final class DapoSampling implements SamplingPolicy {

    static final OptionSpec MAX_EXTRA_ROUNDS =
            OptionSpec.ofInt("max-extra-rounds", 3, "Most extra generation rounds per micro-batch.")
                    .atLeast(0);

    private final boolean filter;
    private final int maxExtraRounds;

    /**
     * @param filter true to drop all-equal groups (dapo), false to keep every group (keep-all)
     * @param maxExtraRounds the most extra generation rounds per micro-batch
     */
    public DapoSampling(boolean filter, int maxExtraRounds) {
        if (maxExtraRounds < 0) {
            throw new IllegalArgumentException(
                    "option 'max-extra-rounds' must be >= 0, got " + maxExtraRounds);
        }
        this.filter = filter;
        this.maxExtraRounds = maxExtraRounds;
    }

    @Override
    public SamplingDecision decide(
            List<RolloutGroup> groups, int alreadyKept, int targetSamples, int extraRoundsDone) {
        if (alreadyKept < 0 || targetSamples < 0 || extraRoundsDone < 0) {
            throw new IllegalArgumentException(
                    "counts must be >= 0, got kept="
                            + alreadyKept
                            + ", target="
                            + targetSamples
                            + ", rounds="
                            + extraRoundsDone);
        }
        List<String> keep = new ArrayList<>();
        List<String> drop = new ArrayList<>();
        int kept = alreadyKept;
        for (RolloutGroup g : groups) {
            if (filter && g.allEqual()) {
                drop.add(g.groupId());
            } else {
                keep.add(g.groupId());
                kept += g.size();
            }
        }
        int missing = Math.max(0, targetSamples - kept);
        boolean more = missing > 0 && extraRoundsDone < maxExtraRounds;
        return new SamplingDecision(keep, drop, kept, missing, more, missing > 0 && !more);
    }

    /** Registers {@code dapo}. */
    public static final class Factory implements SamplingPolicyFactory {
        @Override
        public String id() {
            return "dapo";
        }

        @Override
        public String description() {
            return "Drops all-equal groups and regenerates until the micro-batch is full.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(MAX_EXTRA_ROUNDS);
        }

        @Override
        public SamplingPolicy create(StrategyOptions options) {
            return new DapoSampling(true, MAX_EXTRA_ROUNDS.intValue(options));
        }
    }
}
