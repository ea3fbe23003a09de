package dev.rivulet.algo.advantage;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.List;
import java.util.random.RandomGenerator;

/** AsymRE: A_i = r_i − (mean − δ), a baseline lowered by δ; a group of one uses mean 0. */
public final class AsymreAdvantage implements AdvantageEstimator {

    static final OptionSpec DELTA =
            OptionSpec.ofDouble("delta", 0.1, "How far the baseline is lowered below the mean.");

    private final double delta;
    private final double clip;

    public AsymreAdvantage(double delta, double clip) {
        this.delta = delta;
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
        double mean = r.length > 1 ? GroupMath.mean(r) : 0.0;
        for (int i = 0; i < r.length; i++) {
            a[i] = r[i] - (mean - delta);
        }
        return GroupMath.finish(r, a, clip, 0);
    }

    /** Registers {@code asymre}. */
    public static final class Factory implements AdvantageEstimatorFactory {
        @Override
        public String id() {
            return "asymre";
        }

        @Override
        public String description() {
            return "Asymmetric REINFORCE: r - (mean - delta); do not combine with the asymre loss.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(DELTA, GroupMath.CLIP);
        }

        @Override
        public AdvantageEstimator create(StrategyOptions options) {
            return new AsymreAdvantage(
                    DELTA.doubleValue(options), GroupMath.CLIP.doubleValue(options));
        }
    }
}
