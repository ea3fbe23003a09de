package dev.rivulet.algo.advantage;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.List;
import java.util.random.RandomGenerator;

/** Dr. GRPO: A_i = r_i − mean of the group, without std division; a group of one gets A = r. */
public final class DrGrpoAdvantage implements AdvantageEstimator {

    private final double clip;

    public DrGrpoAdvantage(double clip) {
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
        double baseline = r.length > 1 ? GroupMath.mean(r) : 0.0;
        for (int i = 0; i < r.length; i++) {
            a[i] = r[i] - baseline;
        }
        return GroupMath.finish(r, a, clip, 0);
    }

    /** Registers {@code drgrpo}. */
    public static final class Factory implements AdvantageEstimatorFactory {
        @Override
        public String id() {
            return "drgrpo";
        }

        @Override
        public String description() {
            return "Mean-centred group advantage r - mean (no std division).";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(GroupMath.CLIP);
        }

        @Override
        public AdvantageEstimator create(StrategyOptions options) {
            return new DrGrpoAdvantage(GroupMath.CLIP.doubleValue(options));
        }
    }
}
