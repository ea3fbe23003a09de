package dev.rivulet.algo.advantage;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.List;
import java.util.random.RandomGenerator;

/** NGRPO: GRPO statistics over the group plus one virtual sample with the maximum reward 1. */
public final class NgrpoAdvantage implements AdvantageEstimator {

    static final double R_MAX = 1.0;

    private final double clip;

    public NgrpoAdvantage(double clip) {
        this.clip = clip;
    }

    @Override
    public boolean needsGroup() {
        return true;
    }

    @Override
    public AdvantageResult estimate(AdvantageInput input, RandomGenerator rng) {
        double[] r = input.rewards();
        double[] a = new double[r.length];
        if (r.length > 0) {
            double[] augmented = new double[r.length + 1];
            System.arraycopy(r, 0, augmented, 0, r.length);
            augmented[r.length] = R_MAX;
            double mean = GroupMath.mean(augmented);
            double std = GroupMath.unbiasedStd(augmented, mean);
            for (int i = 0; i < r.length; i++) {
                a[i] = (r[i] - mean) / (std + GrpoAdvantage.EPS);
            }
        }
        return GroupMath.finish(r, a, clip, 0);
    }

    /** Registers {@code ngrpo}. */
    public static final class Factory implements AdvantageEstimatorFactory {
        @Override
        public String id() {
            return "ngrpo";
        }

        @Override
        public String description() {
            return "GRPO with one virtual reward-1 sample in the statistics, so all-wrong groups"
                    + " still learn.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(GroupMath.CLIP);
        }

        @Override
        public AdvantageEstimator create(StrategyOptions options) {
            return new NgrpoAdvantage(GroupMath.CLIP.doubleValue(options));
        }
    }
}
