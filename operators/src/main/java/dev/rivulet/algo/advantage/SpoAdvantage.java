package dev.rivulet.algo.advantage;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * SPO: A = r − v̂ per sample, v̂ being the tracker's value before this sample's update; the learner
 * then normalises over the micro-batch (the model server's {@code Learner.advantages}, with {@code
 * rivulet.learner.normalize-advantages}).
 */
public final class SpoAdvantage implements AdvantageEstimator {

    private final double clip;

    public SpoAdvantage(double clip) {
        this.clip = clip;
    }

    @Override
    public boolean needsGroup() {
        return false;
    }

    @Override
    public AdvantageResult estimate(AdvantageInput input, RandomGenerator rng) {
        if (input.size() > 0 && !input.hasBaselines()) {
            throw new IllegalArgumentException(
                    "spo needs one baseline (the tracker's value before the update) per reward");
        }
        double[] r = input.rewards();
        double[] a = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            a[i] = r[i] - input.baseline(i);
        }
        return GroupMath.finish(r, a, clip, 0);
    }

    /** Registers {@code spo}. */
    public static final class Factory implements AdvantageEstimatorFactory {
        @Override
        public String id() {
            return "spo";
        }

        @Override
        public String description() {
            return "Single-stream advantage r - v(x) against the tracked value; no group needed.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(GroupMath.CLIP);
        }

        @Override
        public AdvantageEstimator create(StrategyOptions options) {
            return new SpoAdvantage(GroupMath.CLIP.doubleValue(options));
        }
    }
}
