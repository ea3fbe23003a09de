package dev.rivulet.algo.advantage;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.List;
import java.util.random.RandomGenerator;

/** GRPO: A_i = (r_i − mean)/(std + 1e-6) with unbiased std; a group of one gets A = r. */
public final class GrpoAdvantage implements AdvantageEstimator {

    static final double EPS = 1e-6;

    private final double clip;

    public GrpoAdvantage(double clip) {
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
        if (r.length == 1) {
            a[0] = r[0];
        } else if (r.length > 1) {
            double mean = GroupMath.mean(r);
            double std = GroupMath.unbiasedStd(r, mean);
            for (int i = 0; i < r.length; i++) {
                a[i] = (r[i] - mean) / (std + EPS);
            }
        }
        return GroupMath.finish(r, a, clip, 0);
    }

    /** Registers {@code grpo}. */
    public static final class Factory implements AdvantageEstimatorFactory {
        @Override
        public String id() {
            return "grpo";
        }

        @Override
        public String description() {
            return "Group-normalised advantage (r - mean) / (std + 1e-6), unbiased std.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(GroupMath.CLIP);
        }

        @Override
        public AdvantageEstimator create(StrategyOptions options) {
            return new GrpoAdvantage(GroupMath.CLIP.doubleValue(options));
        }
    }
}
