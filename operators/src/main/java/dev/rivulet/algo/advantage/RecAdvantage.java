package dev.rivulet.algo.advantage;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * REC: A_i = r_i − mean; with drop=balance, surplus negatives are dropped at random and the mean is
 * recomputed over the kept samples.
 */
public final class RecAdvantage implements AdvantageEstimator {

    /** What to do when below-mean samples outnumber above-mean ones. */
    public enum Drop {
        NONE,
        BALANCE
    }

    static final OptionSpec DROP =
            OptionSpec.ofEnum(
                    "drop",
                    Drop.NONE,
                    "balance drops surplus below-mean samples at random so signs balance.");

    private final Drop drop;
    private final double clip;

    public RecAdvantage(Drop drop, double clip) {
        this.drop = drop;
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
            return GroupMath.finish(r, a, clip, 0);
        }
        if (r.length == 0) {
            return GroupMath.finish(r, a, clip, 0);
        }
        double mean = GroupMath.mean(r);
        boolean[] droppedMask = new boolean[r.length];
        int dropped = 0;
        if (drop == Drop.BALANCE) {
            int positives = 0;
            int negatives = 0;
            for (double v : r) {
                if (v > mean) {
                    positives++;
                } else if (v < mean) {
                    negatives++;
                }
            }
            int surplus = negatives - positives;
            if (surplus > 0) {
                int[] negIdx = new int[negatives];
                int k = 0;
                for (int i = 0; i < r.length; i++) {
                    if (r[i] < mean) {
                        negIdx[k++] = i;
                    }
                }
                // partial Fisher–Yates: the first `surplus` slots become the dropped ones
                for (int i = 0; i < surplus; i++) {
                    int j = i + rng.nextInt(negatives - i);
                    int t = negIdx[i];
                    negIdx[i] = negIdx[j];
                    negIdx[j] = t;
                    droppedMask[negIdx[i]] = true;
                }
                dropped = surplus;
                double s = 0;
                for (int i = 0; i < r.length; i++) {
                    if (!droppedMask[i]) {
                        s += r[i];
                    }
                }
                mean = s / (r.length - dropped);
            }
        }
        for (int i = 0; i < r.length; i++) {
            a[i] = droppedMask[i] ? 0.0 : r[i] - mean;
        }
        return GroupMath.finish(r, a, clip, dropped);
    }

    /** Registers {@code rec}. */
    public static final class Factory implements AdvantageEstimatorFactory {
        @Override
        public String id() {
            return "rec";
        }

        @Override
        public String description() {
            return "r - mean; drop=balance drops surplus negatives at random (A = 0).";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(DROP, GroupMath.CLIP);
        }

        @Override
        public AdvantageEstimator create(StrategyOptions options) {
            return new RecAdvantage(
                    DROP.enumValue(options, Drop.class), GroupMath.CLIP.doubleValue(options));
        }
    }
}
