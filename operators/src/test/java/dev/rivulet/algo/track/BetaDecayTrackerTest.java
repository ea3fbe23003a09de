package dev.rivulet.algo.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.core.registry.StrategyOptions;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BetaDecayTrackerTest {

    private static final double LAMBDA = 0.1;

    /** The single-scale tracker as it was before the two-scale defaults: λ = 0.1 per step. */
    private final BetaDecayTracker tracker =
            (BetaDecayTracker)
                    ValueTrackers.registry()
                            .create(
                                    "beta-decay",
                                    StrategyOptions.of(
                                            "lambda", "0.1",
                                            "lambda-steps", "1",
                                            "visit-lambda", "0"));

    private static void close(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
    }

    @Test
    void oneStepMatchesTheFormula() {
        TrackerState s = tracker.initial();
        assertThat(s.alpha()).isEqualTo(1.0);
        assertThat(s.beta()).isEqualTo(1.0);
        s = tracker.update(s, Observation.atStep(0, 1, 1, 0));
        close(s.alpha(), 0.9 * 1 + 0.1 + 2);
        close(s.beta(), 0.9 * 1 + 0.1 + 1);
        close(tracker.value(s), 3.0 / 5.0);
    }

    @Test
    void lazyClosedFormEqualsTheStepByStepLoop() {
        SplittableRandom rng = new SplittableRandom(99);
        int steps = 200;
        double alpha = 1;
        double beta = 1;
        TrackerState lazy = tracker.initial();
        for (int t = 0; t < steps; t++) {
            int successes = 0;
            int failures = 0;
            boolean sampled = rng.nextInt(5) == 0; // sampled about one step in five
            double[] rewards = new double[sampled ? 1 + rng.nextInt(8) : 0];
            for (int i = 0; i < rewards.length; i++) {
                rewards[i] = rng.nextBoolean() ? 1 : 0;
                if (rewards[i] == 1) {
                    successes++;
                } else {
                    failures++;
                }
            }
            // the eager loop touches every prompt every step
            alpha = (1 - LAMBDA) * alpha + LAMBDA + successes;
            beta = (1 - LAMBDA) * beta + LAMBDA + failures;
            if (sampled) {
                lazy = tracker.update(lazy, Observation.atStep(t, rewards));
            }
            TrackerState view = tracker.at(lazy, t);
            close(view.alpha(), alpha);
            close(view.beta(), beta);
            close(tracker.valueAt(lazy, t), alpha / (alpha + beta));
        }
    }

    @Test
    void lateAndSameStepObservationsAreExact() {
        // eager: step 0: +1 success; step 1: +1 failure; step 2: +1 success; step 3: nothing
        double a = 1;
        double b = 1;
        a = 0.9 * a + 0.1 + 1;
        b = 0.9 * b + 0.1;
        a = 0.9 * a + 0.1;
        b = 0.9 * b + 0.1 + 1;
        a = 0.9 * a + 0.1 + 1;
        b = 0.9 * b + 0.1;
        a = 0.9 * a + 0.1;
        b = 0.9 * b + 0.1;
        // lazy, out of order: step 2 first, then the late step-0 and step-1 results
        TrackerState s = tracker.initial();
        s = tracker.update(s, Observation.atStep(2, 1));
        s = tracker.update(s, Observation.atStep(0, 1));
        s = tracker.update(s, Observation.atStep(1, 0));
        TrackerState view = tracker.at(s, 3);
        close(view.alpha(), a);
        close(view.beta(), b);
        assertThat(s.seen()).isEqualTo(3);
    }

    @Test
    void untouchedPromptsStayAtTheFixedPointAndPriorsDecayTowardsIt() {
        TrackerState s = tracker.initial();
        assertThat(tracker.at(s, 1000).alpha()).isEqualTo(1.0);
        TrackerState prior = tracker.at(tracker.initial(6, 8), 10);
        assertThat(prior.alpha()).isEqualTo(7.0);
        TrackerState later = tracker.at(prior, 60);
        close(later.alpha(), Math.pow(0.9, 50) * 7 + 1 - Math.pow(0.9, 50));
        assertThat(tracker.at(later, 5)).isEqualTo(later);
    }

    @Test
    void lambdaIsAnOption() {
        ValueTracker fast =
                ValueTrackers.registry().create("beta-decay", StrategyOptions.of("lambda", "0.5"));
        TrackerState s = fast.update(fast.initial(), Observation.atStep(0, 1));
        TrackerState t = fast.at(s, 1);
        close(t.alpha(), 0.5 * 2 + 0.5);
    }

    @Test
    void theOldConstructorIsTheOldSingleScaleTracker() {
        BetaDecayTracker old = new BetaDecayTracker(0.1);
        SplittableRandom rng = new SplittableRandom(7);
        TrackerState a = old.initial();
        TrackerState b = tracker.initial();
        for (int t = 0; t < 300; t += 1 + rng.nextInt(20)) {
            double[] r = {rng.nextInt(2), rng.nextInt(2), rng.nextInt(2)};
            a = old.update(a, Observation.atStep(t, r));
            b = tracker.update(b, Observation.atStep(t, r));
            assertThat(a).isEqualTo(b);
        }
    }

    @Test
    void theDefaultsAreTheTwoScaleOnesTheSimulationPicked() {
        BetaDecayTracker d = (BetaDecayTracker) ValueTrackers.registry().create("beta-decay");
        assertThat(d.stepLambda()).isEqualTo(0.001);
        // a visit at step 0 with one success, then one failure at step 10:
        // step decay keep = 0.999^10, visit keep = 0.5
        TrackerState s = d.update(d.initial(), Observation.atStep(0, 1));
        close(s.alpha(), 2.0);
        close(s.beta(), 1.0);
        s = d.update(s, Observation.atStep(10, 0));
        double keep = Math.pow(0.999, 10) * 0.5;
        close(s.alpha(), keep * 2 + (1 - keep));
        close(s.beta(), keep * 1 + (1 - keep) + 1);
    }

    @Test
    void lambdaOverSeveralStepsHalvesTheEvidenceOverThem() {
        ValueTracker perSweep =
                ValueTrackers.registry()
                        .create(
                                "beta-decay",
                                StrategyOptions.of(
                                        "lambda",
                                        "0.5",
                                        "lambda-steps",
                                        "64",
                                        "visit-lambda",
                                        "0"));
        close(BetaDecayTracker.perStep(0.5, 64), 1 - Math.pow(0.5, 1.0 / 64));
        close(BetaDecayTracker.perStep(0.1, 1), 0.1);
        // Beta(1, 1) is the fixed point, so the first update adds exactly its success
        TrackerState s = perSweep.update(perSweep.initial(), Observation.atStep(0, 1));
        close(s.alpha(), 2.0);
        // 64 steps later half the evidence is left: α = 0.5·2 + 0.5
        close(perSweep.at(s, 64).alpha(), 1.5);
        close(perSweep.at(s, 64).beta(), 1.0);
        // 32 steps: keep = 0.5^(1/2)
        close(perSweep.at(s, 32).alpha(), Math.sqrt(0.5) * 2 + 1 - Math.sqrt(0.5));
    }

    @Test
    void theVisitDecayShrinksOnlyThePromptsOwnEvidenceAtItsVisits() {
        ValueTracker visits =
                ValueTrackers.registry()
                        .create(
                                "beta-decay",
                                StrategyOptions.of("lambda", "0", "visit-lambda", "0.5"));
        TrackerState s = visits.update(visits.initial(), Observation.atStep(0, 1, 1, 0));
        close(s.alpha(), 3.0);
        close(s.beta(), 2.0);
        // no decay between visits
        assertThat(visits.at(s, 1000).alpha()).isEqualTo(3.0);
        // the next visit halves the old evidence first: α = 0.5·3 + 0.5, β = 0.5·2 + 0.5 + 1
        s = visits.update(s, Observation.atStep(1000, 0));
        close(s.alpha(), 2.0);
        close(s.beta(), 2.5);
    }

    @Test
    void bothScalesComposeAndALateObservationIsStillWeightedByItsSteps() {
        ValueTracker both =
                ValueTrackers.registry()
                        .create(
                                "beta-decay",
                                StrategyOptions.of("lambda", "0.1", "visit-lambda", "0.5"));
        TrackerState s = both.update(both.initial(), Observation.atStep(0, 1));
        close(s.alpha(), 2.0);
        // step 2: two steps keep 0.81, the visit keeps 0.5: α = 0.405·2 + 0.595, β = 1, + failure
        s = both.update(s, Observation.atStep(2, 0));
        close(s.alpha(), 0.405 * 2 + 0.595);
        close(s.beta(), 2.0);
        // a late success from step 1: the visit decay, then the success weighted 0.9
        TrackerState late = both.update(s, Observation.atStep(1, 1));
        close(late.alpha(), 0.5 * s.alpha() + 0.5 + 0.9);
        close(late.beta(), 0.5 * s.beta() + 0.5);
        assertThat(late.lastStep()).isEqualTo(2);
    }

    @Test
    void badOptionsNameTheValue() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BetaDecayTracker(0.1, 0, 0.5))
                .hasMessageContaining("lambda-steps must be >= 1, got 0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BetaDecayTracker(0.1, 1, 1.5))
                .hasMessageContaining("visit-lambda must be in [0, 1], got 1.5");
    }
}
