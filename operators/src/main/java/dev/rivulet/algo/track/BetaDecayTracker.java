package dev.rivulet.algo.track;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.List;

/**
 * VADE/BOTS-style Beta posterior that every step decays towards Beta(1, 1): α ← (1−λ)α + λ +
 * successes, β ← (1−λ)β + λ + failures, applied lazily in closed form so unsampled prompts cost
 * nothing.
 */
public final class BetaDecayTracker implements ValueTracker {

    static final OptionSpec LAMBDA =
            OptionSpec.ofDouble("lambda", 0.1, "Per-step decay rate towards Beta(1, 1).")
                    .atLeast(0)
                    .atMost(1);

    private final double lambda;

    public BetaDecayTracker(double lambda) {
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("lambda must be in [0, 1], got " + lambda);
        }
        this.lambda = lambda;
    }

    /**
     * Beta(1, 1), or Beta(1 + s, 1 + N − s) with a prior; the state is anchored to a step by the
     * first update or {@link #at}.
     */
    @Override
    public TrackerState initial(int priorSuccesses, int priorSamples) {
        Rewards.checkPrior(priorSuccesses, priorSamples);
        return TrackerState.ofBeta(
                1.0 + priorSuccesses, 1.0 + priorSamples - priorSuccesses, 0, -1);
    }

    /**
     * Applies the observation as part of step {@code observation.step()}: the steps since the last
     * update decay in closed form; a late observation from an earlier step is added with the decay
     * it would have had since (the recursion is linear, so this is exact).
     */
    @Override
    public TrackerState update(TrackerState state, Observation observation) {
        long step = observation.step();
        double successes = 0;
        for (int i = 0; i < observation.size(); i++) {
            successes += Rewards.unit(observation.reward(i), "beta-decay", "");
        }
        double failures = observation.size() - successes;
        long anchor = state.lastStep() < 0 ? step - 1 : state.lastStep();
        if (step >= anchor) {
            TrackerState decayed = decay(state, step - anchor, step);
            return TrackerState.ofBeta(
                    decayed.alpha() + successes,
                    decayed.beta() + failures,
                    state.seen() + observation.size(),
                    step);
        }
        double weight = Math.pow(1 - lambda, anchor - step);
        return TrackerState.ofBeta(
                state.alpha() + weight * successes,
                state.beta() + weight * failures,
                state.seen() + observation.size(),
                anchor);
    }

    /** The state after step {@code step}, with the decay of the steps since the last update. */
    @Override
    public TrackerState at(TrackerState state, long step) {
        if (state.lastStep() < 0) {
            return TrackerState.ofBeta(state.alpha(), state.beta(), state.seen(), step);
        }
        if (step <= state.lastStep()) {
            return state;
        }
        return decay(state, step - state.lastStep(), step);
    }

    /** The estimate after {@code step}. */
    public double valueAt(TrackerState state, long step) {
        return at(state, step).value();
    }

    /** k decay steps without observations: x ← (1−λ)^k x + 1 − (1−λ)^k. */
    private TrackerState decay(TrackerState state, long k, long toStep) {
        double keep = Math.pow(1 - lambda, k);
        return TrackerState.ofBeta(
                keep * state.alpha() + (1 - keep),
                keep * state.beta() + (1 - keep),
                state.seen(),
                toStep);
    }

    /** Registers {@code beta-decay}. */
    public static final class Factory implements ValueTrackerFactory {
        @Override
        public String id() {
            return "beta-decay";
        }

        @Override
        public String description() {
            return "Beta posterior that decays towards Beta(1,1) by lambda = 0.1 every step.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(LAMBDA);
        }

        @Override
        public ValueTracker create(StrategyOptions options) {
            return new BetaDecayTracker(LAMBDA.doubleValue(options));
        }
    }
}
