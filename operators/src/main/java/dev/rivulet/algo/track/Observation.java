package dev.rivulet.algo.track;

import java.util.Arrays;

/**
 * What one visit of a prompt produced, as the trackers consume it.
 *
 * @param rewards the rewards of this visit's rollouts, in completion order
 * @param divergence D for beta-kl: mean |stored logp − current logp| of the prompt's previously
 *     stored response rescored under the current weights; 0 (or NaN) on the first visit
 * @param step the selection step this visit belongs to (beta-decay); other trackers ignore it
 */
public record Observation(double[] rewards, double divergence, long step) {

    public Observation {
        if (rewards == null) {
            throw new IllegalArgumentException("rewards must not be null");
        }
        for (double r : rewards) {
            if (!Double.isFinite(r)) {
                throw new IllegalArgumentException(
                        "rewards must be finite, got " + Arrays.toString(rewards));
            }
        }
        rewards = rewards.clone();
    }

    /** A visit with rewards only (no divergence, step 0). */
    public static Observation of(double... rewards) {
        return new Observation(rewards, 0.0, 0L);
    }

    /** A single SPO sample with the divergence D measured for it. */
    public static Observation spo(double reward, double divergence) {
        return new Observation(new double[] {reward}, divergence, 0L);
    }

    /** Rewards observed at a step (beta-decay). */
    public static Observation atStep(long step, double... rewards) {
        return new Observation(rewards, 0.0, step);
    }

    @Override
    public double[] rewards() {
        return rewards.clone();
    }

    int size() {
        return rewards.length;
    }

    double reward(int i) {
        return rewards[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Observation other
                && Arrays.equals(rewards, other.rewards)
                && Double.compare(divergence, other.divergence) == 0
                && step == other.step;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rewards) * 31 + Long.hashCode(step);
    }

    @Override
    public String toString() {
        return "Observation[rewards="
                + Arrays.toString(rewards)
                + ", divergence="
                + divergence
                + ", step="
                + step
                + "]";
    }
}
