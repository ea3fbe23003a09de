package dev.rivulet.algo.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rivulet.core.registry.StrategyOptions;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BetaDecayTrackerTest {

    private static final double LAMBDA = 0.1;

    private final BetaDecayTracker tracker =
            (BetaDecayTracker) ValueTrackers.registry().create("beta-decay");

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
}
