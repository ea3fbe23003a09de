package dev.rivulet.algo.advantage;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Shared pieces of the estimators that credit tokens from the group's responses ({@code gtpo},
 * {@code tempo}): the GRPO base, the completions' mean entropy, and the packing of per-token
 * advantages with the shared |A| clip.
 */
final class TokenCredit {

    private TokenCredit() {}

    /** GRPO's group-normalised advantages of {@code rewards}, unclipped (a group of one: A = r). */
    static double[] grpo(double[] rewards, RandomGenerator rng) {
        return new GrpoAdvantage(0.0).estimate(AdvantageInput.group(rewards), rng).advantages();
    }

    /** The response tokens of every sample; the input must carry features. */
    static int[][] responses(AdvantageInput input) {
        int[][] out = new int[input.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = input.feature(i).responseTokens();
        }
        return out;
    }

    /** The mean per-token entropy of a sample, or NaN when it has no entropies (or no tokens). */
    static double meanEntropy(SampleFeatures f) {
        if (!f.hasEntropies() || f.length() == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (float h : f.entropies()) {
            s += h;
        }
        return s / f.length();
    }

    /**
     * Clips (when asked) the scalars and every token advantage to |A| ≤ {@code clip}, and packs
     * them. A sample counts as clipped when its scalar or any of its tokens was; as non-zero when
     * any of its tokens is (its scalar when it has no tokens). {@code scalar} and {@code tokens}
     * are owned.
     */
    static AdvantageResult finish(
            double[] rewards, double[] scalar, double[][] tokens, double clip) {
        int clipped = 0;
        int nonZero = 0;
        List<float[]> perSample = new ArrayList<>(scalar.length);
        for (int i = 0; i < scalar.length; i++) {
            boolean wasClipped = false;
            if (clip > 0 && Math.abs(scalar[i]) > clip) {
                scalar[i] = Math.copySign(clip, scalar[i]);
                wasClipped = true;
            }
            boolean any = tokens[i].length == 0 && scalar[i] != 0.0;
            float[] t = new float[tokens[i].length];
            for (int k = 0; k < t.length; k++) {
                double v = tokens[i][k];
                if (clip > 0 && Math.abs(v) > clip) {
                    v = Math.copySign(clip, v);
                    wasClipped = true;
                }
                t[k] = (float) v;
                any |= t[k] != 0f;
            }
            perSample.add(t);
            clipped += wasClipped ? 1 : 0;
            nonZero += any ? 1 : 0;
        }
        double meanReward = rewards.length == 0 ? Double.NaN : GroupMath.mean(rewards);
        return new AdvantageResult(
                        scalar, GroupMath.allEqual(rewards), nonZero, 0, clipped, meanReward)
                .withTokenAdvantages(perSample);
    }
}
