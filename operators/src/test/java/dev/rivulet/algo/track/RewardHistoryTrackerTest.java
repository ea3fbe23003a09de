package dev.rivulet.algo.track;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.core.registry.StrategyOptions;
import org.junit.jupiter.api.Test;

class RewardHistoryTrackerTest {

    private final ValueTracker tracker = ValueTrackers.registry().create("reward-history");

    @Test
    void invalidUntilEightRewardsThenMeanOfRecent() {
        TrackerState s = tracker.initial();
        assertThat(tracker.valid(s)).isFalse();
        assertThat(tracker.value(s)).isNaN();
        assertThat(s.hasBeta()).isFalse();
        s = tracker.update(s, Observation.of(1, 0, 0, 0));
        assertThat(tracker.valid(s)).isFalse();
        assertThat(tracker.value(s)).isEqualTo(0.25);
        s = tracker.update(s, Observation.of(1, 1, 1, 1));
        assertThat(tracker.valid(s)).isTrue();
        assertThat(tracker.value(s)).isEqualTo(5.0 / 8);
        assertThat(s.seen()).isEqualTo(8);
    }

    @Test
    void keepsOnlyTheLastSixteen() {
        TrackerState s = tracker.initial();
        s = tracker.update(s, Observation.of(new double[12])); // 12 zeros
        s = tracker.update(s, Observation.of(1, 1, 1, 1, 1, 1, 1, 1, 1, 1)); // 10 ones
        // last 16 = 6 zeros + 10 ones
        assertThat(s.recent()).hasSize(16);
        assertThat(tracker.value(s)).isEqualTo(10.0 / 16);
        assertThat(s.lastVisitCount()).isEqualTo(10);
        assertThat(s.lastVisitMean()).isEqualTo(1.0);
    }

    @Test
    void aLargeLastVisitDecidesAlone() {
        TrackerState s = tracker.update(tracker.initial(), Observation.of(new double[16]));
        double[] big = new double[20];
        for (int i = 0; i < 4; i++) {
            big[i] = 1;
        }
        s = tracker.update(s, Observation.of(big));
        // mean of the 20-reward visit, not of its last 16 (which are all zeros)
        assertThat(tracker.value(s)).isEqualTo(0.2);
        assertThat(s.recent()).containsOnly(0.0).hasSize(16);
    }

    @Test
    void rewardsAreBinarised() {
        TrackerState s = tracker.update(tracker.initial(), Observation.of(0.9, 0.5, 0.49, 0.1));
        assertThat(s.recent()).containsExactly(1, 1, 0, 0);
        ValueTracker strict =
                ValueTrackers.registry()
                        .create("reward-history", StrategyOptions.of("success-threshold", "1"));
        assertThat(strict.update(strict.initial(), Observation.of(0.9, 1)).recent())
                .containsExactly(0, 1);
    }

    @Test
    void aPriorCountsAsAFirstVisitAndStatesAreNotMutated() {
        TrackerState s = tracker.initial(3, 8);
        assertThat(tracker.valid(s)).isTrue();
        assertThat(tracker.value(s)).isEqualTo(3.0 / 8);
        double[] before = s.recent();
        tracker.update(s, Observation.of(1, 1));
        assertThat(s.recent()).containsExactly(before);
        assertThat(tracker.update(s, Observation.of())).isEqualTo(s);
    }
}
