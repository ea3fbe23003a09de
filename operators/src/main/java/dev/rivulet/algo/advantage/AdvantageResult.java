package dev.rivulet.algo.advantage;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Advantages for one group plus the numbers telemetry wants about it.
 *
 * @param advantages one advantage per input reward, in input order
 * @param allEqual true when every reward of the input was equal (a degenerate group)
 * @param nonZero how many advantages are not exactly zero (samples that carry a gradient)
 * @param dropped how many samples were dropped (advantage set to 0) by rec's balancing
 * @param clipped how many advantages were clipped to the |A| bound
 * @param meanReward the mean of the rewards (NaN for an empty input)
 * @param tokenAdvantages per-token advantages of each sample for the learner (one array per sample,
 *     each as long as the sample's response), or empty when the scalar applies to every token; a
 *     strategy that credits tokens differently sets them (ScoredRollout carries them)
 */
public record AdvantageResult(
        double[] advantages,
        boolean allEqual,
        int nonZero,
        int dropped,
        int clipped,
        double meanReward,
        List<float[]> tokenAdvantages) {

    /** Scalar advantages only. */
    public AdvantageResult(
            double[] advantages,
            boolean allEqual,
            int nonZero,
            int dropped,
            int clipped,
            double meanReward) {
        this(advantages, allEqual, nonZero, dropped, clipped, meanReward, List.of());
    }

    public AdvantageResult {
        advantages = advantages.clone();
        List<float[]> copy = new java.util.ArrayList<>(tokenAdvantages.size());
        for (float[] t : tokenAdvantages) {
            copy.add(t.clone());
        }
        if (!copy.isEmpty() && copy.size() != advantages.length) {
            throw new IllegalArgumentException(
                    "tokenAdvantages has "
                            + copy.size()
                            + " samples, advantages "
                            + advantages.length);
        }
        tokenAdvantages = java.util.Collections.unmodifiableList(copy);
    }

    /** This result with per-token advantages, one array per sample. */
    public AdvantageResult withTokenAdvantages(List<float[]> perSample) {
        return new AdvantageResult(
                advantages, allEqual, nonZero, dropped, clipped, meanReward, perSample);
    }

    /** Sample {@code i}'s per-token advantages, empty when the scalar applies to every token. */
    public float[] tokenAdvantages(int i) {
        return tokenAdvantages.isEmpty() ? new float[0] : tokenAdvantages.get(i).clone();
    }

    @Override
    public List<float[]> tokenAdvantages() {
        List<float[]> out = new java.util.ArrayList<>(tokenAdvantages.size());
        for (float[] t : tokenAdvantages) {
            out.add(t.clone());
        }
        return out;
    }

    @Override
    public double[] advantages() {
        return advantages.clone();
    }

    public int size() {
        return advantages.length;
    }

    public double advantage(int i) {
        return advantages[i];
    }

    /** True when no sample of the group carries a gradient. */
    public boolean zeroGradient() {
        return nonZero == 0;
    }

    /** The metrics as a name → value map, for telemetry. */
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("samples", (double) advantages.length);
        m.put("all_equal", allEqual ? 1.0 : 0.0);
        m.put("non_zero", (double) nonZero);
        m.put("dropped", (double) dropped);
        m.put("clipped", (double) clipped);
        m.put("mean_reward", meanReward);
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdvantageResult r
                && Arrays.equals(advantages, r.advantages)
                && Arrays.deepEquals(
                        tokenAdvantages.toArray(new float[0][]),
                        r.tokenAdvantages.toArray(new float[0][]))
                && allEqual == r.allEqual
                && nonZero == r.nonZero
                && dropped == r.dropped
                && clipped == r.clipped
                && Double.compare(meanReward, r.meanReward) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(advantages) * 31 + Double.hashCode(meanReward) + nonZero;
    }

    @Override
    public String toString() {
        return "AdvantageResult[advantages="
                + Arrays.toString(advantages)
                + ", allEqual="
                + allEqual
                + ", nonZero="
                + nonZero
                + ", dropped="
                + dropped
                + ", clipped="
                + clipped
                + ", meanReward="
                + meanReward
                + "]";
    }
}
