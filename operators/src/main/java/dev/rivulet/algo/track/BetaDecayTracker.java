package dev.rivulet.algo.track;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.List;

/**
 * VADE/BOTS-style Beta posterior that decays towards Beta(1, 1) on two scales: every loop step, α ←
 * (1−λ_s)α + λ_s + successes, β ← (1−λ_s)β + λ_s + failures, with λ_s = 1 − (1 − λ)^(1/S) for
 * {@code lambda} λ spread over {@code lambda-steps} S (applied lazily in closed form so unsampled
 * prompts cost nothing), and at each visit of the prompt, before its rewards are added, α ←
 * (1−λ_v)α + λ_v, β ← (1−λ_v)β + λ_v with {@code visit-lambda} λ_v.
 */
public final class BetaDecayTracker implements ValueTracker {

    static final OptionSpec LAMBDA =
            OptionSpec.ofDouble(
                            "lambda",
                            0.001,
                            "Decay towards Beta(1, 1) over lambda-steps loop steps (per step when"
                                    + " lambda-steps = 1).")
                    .atLeast(0)
                    .atMost(1);
    static final OptionSpec LAMBDA_STEPS =
            OptionSpec.ofInt(
                            "lambda-steps",
                            1,
                            "Loop steps over which lambda applies: per step 1 - (1 - lambda)^(1 /"
                                    + " lambda-steps); about pool/M makes lambda a per-sweep rate.")
                    .atLeast(1);
    static final OptionSpec VISIT_LAMBDA =
            OptionSpec.ofDouble(
                            "visit-lambda",
                            0.5,
                            "Decay of the prompt's own evidence towards Beta(1, 1) at each of its"
                                    + " visits, before the new rewards are added.")
                    .atLeast(0)
                    .atMost(1);

    private final double lambda;
    private final double visitLambda;

    /** The single-scale tracker: λ per step, no visit decay. */
    public BetaDecayTracker(double lambda) {
        this(lambda, 1, 0.0);
    }

    /**
     * @param lambda the decay over {@code lambdaSteps} loop steps, in [0, 1]
     * @param lambdaSteps how many steps {@code lambda} spans (1: per step)
     * @param visitLambda the decay applied at each visit of the prompt, in [0, 1]
     */
    public BetaDecayTracker(double lambda, int lambdaSteps, double visitLambda) {
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("lambda must be in [0, 1], got " + lambda);
        }
        if (lambdaSteps < 1) {
            throw new IllegalArgumentException("lambda-steps must be >= 1, got " + lambdaSteps);
        }
        if (!(visitLambda >= 0 && visitLambda <= 1)) {
            throw new IllegalArgumentException(
                    "visit-lambda must be in [0, 1], got " + visitLambda);
        }
        this.lambda = perStep(lambda, lambdaSteps);
        this.visitLambda = visitLambda;
    }

    /** λ_s = 1 − (1 − λ)^(1/S): the per-step rate that decays by λ over S steps. */
    public static double perStep(double lambda, int steps) {
        return steps == 1 ? lambda : 1 - Math.pow(1 - lambda, 1.0 / steps);
    }

    /** The per-step rate this tracker applies. */
    public double stepLambda() {
        return lambda;
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
     * update decay in closed form, then the visit decay, then the rewards are added; a late
     * observation from an earlier step is added with the step decay it would have had since (the
     * recursion is linear, so this is exact for the step scale) after the visit decay.
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
            TrackerState decayed = shrink(state, visitKeep() * stepKeep(step - anchor), step);
            return TrackerState.ofBeta(
                    decayed.alpha() + successes,
                    decayed.beta() + failures,
                    state.seen() + observation.size(),
                    step);
        }
        double weight = stepKeep(anchor - step);
        TrackerState decayed = shrink(state, visitKeep(), anchor);
        return TrackerState.ofBeta(
                decayed.alpha() + weight * successes,
                decayed.beta() + weight * failures,
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
        return shrink(state, stepKeep(step - state.lastStep()), step);
    }

    /** The estimate after {@code step}. */
    public double valueAt(TrackerState state, long step) {
        return at(state, step).value();
    }

    /** (1 − λ_s)^k: the share of the evidence k steps keep. */
    private double stepKeep(long k) {
        return Math.pow(1 - lambda, k);
    }

    private double visitKeep() {
        return 1 - visitLambda;
    }

    /** x ← keep·x + 1 − keep for α and β (k steps: keep = (1−λ)^k). */
    private static TrackerState shrink(TrackerState state, double keep, long toStep) {
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
            return "Beta posterior that decays towards Beta(1,1) per loop step and per visit.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(LAMBDA, LAMBDA_STEPS, VISIT_LAMBDA);
        }

        @Override
        public ValueTracker create(StrategyOptions options) {
            return new BetaDecayTracker(
                    LAMBDA.doubleValue(options),
                    LAMBDA_STEPS.intValue(options),
                    VISIT_LAMBDA.doubleValue(options));
        }
    }
}
