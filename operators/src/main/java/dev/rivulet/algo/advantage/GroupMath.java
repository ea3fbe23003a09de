package dev.rivulet.algo.advantage;

import dev.rivulet.core.registry.OptionSpec;

/** Shared arithmetic of the estimators: means, unbiased deviations, the |A| clip and metrics. */
final class GroupMath {

    /** The optional |A| clip shared by every estimator; 0 means no clip. */
    static final OptionSpec CLIP =
            OptionSpec.ofDouble("clip", 0.0, "Bound on |A| after estimation; 0 means no clip.")
                    .atLeast(0);

    private GroupMath() {}

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** Unbiased (N − 1) standard deviation; 0 for fewer than two values. */
    static double unbiasedStd(double[] x, double mean) {
        if (x.length < 2) {
            return 0.0;
        }
        double s = 0;
        for (double v : x) {
            double d = v - mean;
            s += d * d;
        }
        return Math.sqrt(s / (x.length - 1));
    }

    static boolean allEqual(double[] x) {
        for (double v : x) {
            if (v != x[0]) {
                return false;
            }
        }
        return true;
    }

    /** Clips (when asked), counts and packs the advantages; {@code advantages} is owned. */
    static AdvantageResult finish(double[] rewards, double[] advantages, double clip, int dropped) {
        int clipped = 0;
        int nonZero = 0;
        for (int i = 0; i < advantages.length; i++) {
            if (clip > 0 && Math.abs(advantages[i]) > clip) {
                advantages[i] = Math.copySign(clip, advantages[i]);
                clipped++;
            }
            if (advantages[i] != 0.0) {
                nonZero++;
            }
        }
        double meanReward = rewards.length == 0 ? Double.NaN : mean(rewards);
        return new AdvantageResult(
                advantages, allEqual(rewards), nonZero, dropped, clipped, meanReward);
    }
}
