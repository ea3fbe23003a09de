package dev.rivulet.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimPoolTest {

    @Test
    void learningMovesOnlyUnsolvedSolvablePromptsTowardsOne() {
        SimPool pool = new SimPool(new double[] {0.5, 0.0, 1.0, 0.5});
        pool.learn(0, 1.0, 0.1);
        assertThat(pool.p(0)).isCloseTo(0.55, within(1e-12));
        pool.learn(1, 1.0, 0.1);
        pool.learn(2, 1.0, 0.1);
        assertThat(pool.p(1)).isZero();
        assertThat(pool.p(2)).isEqualTo(1.0);
        // two learning visits' worth in one: 0.5 + 0.2·0.5; the step is capped at 1
        pool.learn(3, 2.0, 0.1);
        assertThat(pool.p(3)).isCloseTo(0.6, within(1e-12));
        SimPool big = new SimPool(new double[] {0.5});
        big.learn(0, 50, 0.1);
        assertThat(big.p(0)).isEqualTo(1.0);
    }

    @Test
    void transferMovesEveryPromptIncludingTheUnsolvable() {
        SimPool pool = new SimPool(new double[] {0.0, 0.5, 1.0});
        pool.transfer(0.01);
        assertThat(pool.p(0)).isCloseTo(0.01, within(1e-12));
        assertThat(pool.p(1)).isCloseTo(0.505, within(1e-12));
        assertThat(pool.p(2)).isEqualTo(1.0);
        assertThat(pool.meanP()).isCloseTo((0.01 + 0.505 + 1) / 3, within(1e-12));
    }

    @Test
    void rewardsAreBernoulliDraws() {
        SimPool pool = new SimPool(new double[] {0.0, 1.0, 0.3});
        SplittableRandom rng = new SplittableRandom(1);
        assertThat(pool.rewards(0, 8, rng)).containsOnly(0.0);
        assertThat(pool.rewards(1, 8, rng)).containsOnly(1.0);
        double s = 0;
        for (double r : pool.rewards(2, 20_000, rng)) {
            s += r;
        }
        assertThat(s / 20_000).isCloseTo(0.3, within(0.02));
        assertThat(pool.index(pool.ids().get(2))).isEqualTo(2);
    }
}
