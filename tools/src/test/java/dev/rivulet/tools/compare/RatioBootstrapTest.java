package dev.rivulet.tools.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.tools.compare.RatioBootstrap.Bound;
import dev.rivulet.tools.compare.RatioBootstrap.Ratio;
import dev.rivulet.tools.compare.RatioBootstrap.Sample;
import org.junit.jupiter.api.Test;

/** The median ratio and its bootstrap interval on hand-computed cases. */
class RatioBootstrapTest {

    private static Sample reached(double... v) {
        return new Sample(v, new boolean[v.length]);
    }

    @Test
    void identicalSeedsCollapseTheIntervalToThePoint() {
        Ratio r = RatioBootstrap.ratio(reached(3000, 3000, 3000), reached(6000, 6000, 6000));
        assertThat(r.point()).isEqualTo(0.5);
        assertThat(r.lo()).isEqualTo(0.5);
        assertThat(r.hi()).isEqualTo(0.5);
        assertThat(r.bound()).isEqualTo(Bound.EXACT);
    }

    @Test
    void twoSeedsGiveTheThreeResampledMedians() {
        // arm {400, 800}: a resample's median is 400 (p 1/4), 600 (1/2) or 800 (1/4); the
        // baseline's is always 1000: the 2.5% and 97.5% percentiles are 0.4 and 0.8
        Ratio r = RatioBootstrap.ratio(reached(400, 800), reached(1000, 1000));
        assertThat(r.point()).isEqualTo(0.6);
        assertThat(r.lo()).isEqualTo(0.4);
        assertThat(r.hi()).isEqualTo(0.8);
        // the same seed gives the same interval
        assertThat(RatioBootstrap.ratio(reached(400, 800), reached(1000, 1000))).isEqualTo(r);
    }

    @Test
    void neverReachedCountsAsTheBudgetAndMakesTheRatioALowerBound() {
        // the arm never reached the target in 12 000 rollouts; the baseline did at 4 000
        Sample never = new Sample(new double[] {12000, 12000}, new boolean[] {true, true});
        Ratio r = RatioBootstrap.ratio(never, reached(4000, 4000));
        assertThat(r.point()).isEqualTo(3.0);
        assertThat(r.lo()).isEqualTo(3.0);
        assertThat(r.hi()).isEqualTo(3.0);
        assertThat(r.bound()).isEqualTo(Bound.AT_LEAST);

        // one of three censored: median(2000, 12000, 3000) = 3000, still a lower bound
        Sample one =
                new Sample(new double[] {2000, 12000, 3000}, new boolean[] {false, true, false});
        assertThat(RatioBootstrap.ratio(one, reached(4000, 4000, 4000)).point()).isEqualTo(0.75);
        assertThat(RatioBootstrap.ratio(one, reached(4000)).bound()).isEqualTo(Bound.AT_LEAST);
        assertThat(RatioBootstrap.ratio(reached(4000), one).bound()).isEqualTo(Bound.AT_MOST);
        assertThat(RatioBootstrap.ratio(one, one).bound()).isEqualTo(Bound.UNKNOWN);
    }

    @Test
    void aBaselineAtTheTargetBeforeTrainingHasNoRatio() {
        Ratio r = RatioBootstrap.ratio(reached(0, 1000), reached(0, 0));
        assertThat(r.point()).isNaN();
        assertThat(r.lo()).isNaN();
    }

    @Test
    void percentileIsLinearBetweenOrderStatistics() {
        double[] s = {1, 2, 3, 4, 5};
        assertThat(RatioBootstrap.percentile(s, 0.5)).isEqualTo(3.0);
        assertThat(RatioBootstrap.percentile(s, 0.1)).isEqualTo(1.4);
        assertThat(RatioBootstrap.percentile(s, 1.0)).isEqualTo(5.0);
        assertThat(RatioBootstrap.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }

    @Test
    void mismatchedFlagsFail() {
        assertThatThrownBy(() -> new Sample(new double[] {1, 2}, new boolean[] {false}))
                .hasMessageContaining("2 values and 1 flags");
        assertThatThrownBy(() -> RatioBootstrap.ratio(reached(1), reached(1), 0, 1))
                .hasMessageContaining("got 0");
    }

    @Test
    void theDifferenceOfMediansResamplesBothSides() {
        // arm {0.70, 0.74}: a resample's median is 0.70 (p 1/4), 0.72 (1/2) or 0.74 (1/4); the
        // baseline's is always 0.71: differences -0.01, +0.01, +0.03, percentiles -0.01 and +0.03
        RatioBootstrap.Difference d =
                RatioBootstrap.difference(new double[] {0.70, 0.74}, new double[] {0.71, 0.71});
        assertThat(d.point()).isCloseTo(0.01, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(d.lo()).isCloseTo(-0.01, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(d.hi()).isCloseTo(0.03, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(RatioBootstrap.difference(new double[0], new double[] {0.7}).point()).isNaN();
    }
}
