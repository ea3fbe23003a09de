package dev.rivulet.algo.advantage;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * NGRPO: GRPO statistics over the group plus one virtual sample with the maximum reward 1.
 *
 * <p>A group of one is not augmented by default: the authors' code (verl's {@code
 * compute_ngrpo_outcome_advantage}) gives it mean 0 and std 1, so A = r. {@link Single#AUGMENTED}
 * keeps the virtual sample there too (the shared advantage vectors pin that variant).
 */
public final class NgrpoAdvantage implements AdvantageEstimator {

    static final double R_MAX = 1.0;

    /** What a group of one gets. */
    public enum Single {
        /** A = r, as the authors' code does (mean 0, std 1). */
        REWARD,
        /** The virtual sample joins a group of one as well: A = (r − (r + 1)/2) / std. */
        AUGMENTED
    }

    static final OptionSpec SINGLE =
            OptionSpec.ofEnum(
                    "single",
                    Single.REWARD,
                    "A group of one: reward (A = r, the authors' code) or augmented (the virtual"
                            + " sample joins it too).");

    private final double clip;
    private final Single single;

    public NgrpoAdvantage(double clip) {
        this(clip, Single.REWARD);
    }

    public NgrpoAdvantage(double clip, Single single) {
        this.clip = clip;
        this.single = single;
    }

    @Override
    public boolean needsGroup() {
        return true;
    }

    @Override
    public AdvantageResult estimate(AdvantageInput input, RandomGenerator rng) {
        double[] r = input.rewards();
        double[] a = new double[r.length];
        if (r.length == 1 && single == Single.REWARD) {
            a[0] = r[0];
        } else if (r.length > 0) {
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
            return List.of(GroupMath.CLIP, SINGLE);
        }

        @Override
        public AdvantageEstimator create(StrategyOptions options) {
            return new NgrpoAdvantage(
                    GroupMath.CLIP.doubleValue(options), SINGLE.enumValue(options, Single.class));
        }
    }
}
