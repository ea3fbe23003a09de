package dev.rivulet.operators.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.PolicyVersion;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class VersionGateTest {

    private static VersionGate sync() {
        return new VersionGate(true, 0, () -> 0L);
    }

    private static VersionGate bounded(int bound) {
        return new VersionGate(false, bound, () -> 0L);
    }

    private static PolicyVersion at(long current) {
        return new PolicyVersion(current, 0);
    }

    /** One call in flight with {@code samples} rollouts of one prompt. */
    private static List<InflightCall> inflight(int samples) {
        return List.of(
                new InflightCall(
                        0,
                        0,
                        List.of(
                                new GenerationRequest(
                                        "r", "p", "1+1=", samples, 1f, 1f, 8, 7L, false))));
    }

    private static void count(VersionGate gate, long version, int rollouts) {
        for (int i = 0; i < rollouts; i++) {
            gate.countRollout(version);
        }
    }

    @Test
    void syncModeClosesAfterACallAndOpensOnceTheLearnerPassedItsVersion() {
        VersionGate gate = sync();
        assertThat(gate.isOpen()).isTrue();
        gate.afterCall(12, 3); // rollouts of version 3: wait for version 4
        assertThat(gate.isOpen()).isFalse();

        assertThat(gate.shouldCheck(0)).isTrue();
        assertThat(gate.onAnswer(at(3), null)).isEqualTo(VersionGate.Decision.WAIT);
        assertThat(gate.isOpen()).isFalse();

        assertThat(gate.shouldCheck(0)).as("the next tick checks again").isTrue();
        assertThat(gate.onAnswer(at(4), null)).isEqualTo(VersionGate.Decision.OPEN);
        assertThat(gate.isOpen()).isTrue();
        assertThat(gate.takeWaiting()).containsExactly(0);
        assertThat(gate.takeWaiting()).isEmpty();
    }

    @Test
    void syncModeStaysOpenAfterACallThatEmittedNothing() {
        VersionGate gate = sync();
        gate.afterCall(0, 5); // dynamic sampling dropped every group
        assertThat(gate.isOpen()).isTrue();
        count(gate, 5, 100);
        assertThat(gate.aheadOfLearner(inflight(8))).as("sync mode has no bound").isFalse();
    }

    @Test
    void boundedAsynchronyClosesExactlyAtTheBound() {
        VersionGate gate = bounded(12);
        assertThat(gate.aheadOfLearner(inflight(100)))
                .as("nothing counted yet: no version to wait past")
                .isFalse();
        count(gate, 0, 8);
        assertThat(gate.aheadOfLearner(inflight(3))).as("8 + 3 = 11 < 12").isFalse();
        assertThat(gate.isOpen()).isTrue();
        assertThat(gate.aheadOfLearner(inflight(4))).as("8 + 4 = 12").isTrue();
        assertThat(gate.isOpen()).isFalse();

        assertThat(gate.shouldCheck(2)).isTrue();
        assertThat(gate.onAnswer(at(0), null)).isEqualTo(VersionGate.Decision.WAIT);
        assertThat(gate.shouldCheck(2)).isTrue();
        assertThat(gate.onAnswer(at(1), null)).isEqualTo(VersionGate.Decision.OPEN);
        assertThat(gate.aheadOfLearner(List.of())).as("version 1 starts a fresh budget").isFalse();
        count(gate, 0, 12);
        assertThat(gate.aheadOfLearner(List.of()))
                .as("late rollouts of version 0 still count against version 0")
                .isTrue();
    }

    @Test
    void rolloutsOfANewerVersionStartItsOwnCount() {
        VersionGate gate = bounded(12);
        count(gate, 0, 11);
        count(gate, 1, 1);
        count(gate, 0, 5); // older than the newest version: not counted
        assertThat(gate.aheadOfLearner(inflight(10))).as("1 + 10 < 12").isFalse();
        assertThat(gate.aheadOfLearner(inflight(11))).as("1 + 11 = 12").isTrue();
    }

    @Test
    void anUnboundedLoopNeverWaits() {
        VersionGate gate = bounded(0);
        count(gate, 0, 1_000);
        assertThat(gate.aheadOfLearner(inflight(1_000))).isFalse();
        assertThat(gate.isOpen()).isTrue();
    }

    @Test
    void ticksDuringAnOutstandingCheckAskForAFreshReadingWhenALateAnswerComes() {
        VersionGate gate = sync();
        gate.afterCall(4, 0);
        assertThat(gate.shouldCheck(0)).isTrue();
        assertThat(gate.shouldCheck(1)).as("a check is out: no second one").isFalse();
        assertThat(gate.shouldCheck(0)).isFalse();
        // the answer arrives late, read before the learner trained
        assertThat(gate.onAnswer(at(0), null)).isEqualTo(VersionGate.Decision.CHECK_AGAIN);
        assertThat(gate.shouldCheck(1)).as("the fresh check is out").isFalse();
        assertThat(gate.onAnswer(at(1), null)).isEqualTo(VersionGate.Decision.OPEN);
        assertThat(gate.takeWaiting()).containsExactly(0, 1);
    }

    @Test
    void aStaleAnswerWithoutTicksMeanwhileWaitsForTheNextTick() {
        VersionGate gate = sync();
        gate.afterCall(4, 0);
        assertThat(gate.shouldCheck(0)).isTrue();
        assertThat(gate.onAnswer(at(0), null)).isEqualTo(VersionGate.Decision.WAIT);
        assertThat(gate.isOpen()).isFalse();
    }

    @Test
    void anAnswerReadForAnEarlierWaitIsCheckedAgain() {
        VersionGate gate = sync();
        gate.afterCall(4, 0); // wait for 1
        assertThat(gate.shouldCheck(0)).isTrue();
        gate.afterCall(4, 3); // another call's rollouts of version 3 moved the wait to 4
        // version 1 read for the old wait would look like a rollback behind version 3
        assertThat(gate.onAnswer(at(1), null)).isEqualTo(VersionGate.Decision.CHECK_AGAIN);
        assertThat(gate.onAnswer(at(3), null)).isEqualTo(VersionGate.Decision.WAIT);
        assertThat(gate.shouldCheck(0)).isTrue();
        assertThat(gate.onAnswer(at(4), null)).isEqualTo(VersionGate.Decision.OPEN);
    }

    @Test
    void aFailedCheckKeepsTheGateClosedAndIsRetriedOnTheNextTick() {
        VersionGate gate = bounded(4);
        count(gate, 2, 4);
        assertThat(gate.aheadOfLearner(List.of())).isTrue();
        assertThat(gate.shouldCheck(0)).isTrue();
        assertThat(gate.shouldCheck(0)).isFalse();
        assertThat(gate.onAnswer(null, new TimeoutException("deadline")))
                .as("no immediate retry, even though a tick came meanwhile")
                .isEqualTo(VersionGate.Decision.WAIT);
        assertThat(gate.isOpen()).isFalse();
        assertThat(gate.shouldCheck(0)).as("the next tick checks again").isTrue();
        assertThat(gate.onAnswer(at(3), null)).isEqualTo(VersionGate.Decision.OPEN);
        assertThat(gate.takeWaiting()).containsExactly(0);
    }

    @Test
    void aServerRolledBackBehindTheCountedRolloutsOpensTheGateAndForgetsTheCount() {
        VersionGate gate = bounded(12);
        count(gate, 1, 12);
        assertThat(gate.aheadOfLearner(List.of())).isTrue(); // wait for version 2
        assertThat(gate.shouldCheck(0)).isTrue();
        assertThat(gate.onAnswer(at(1), null))
                .as("version 1 made the counted rollouts: not a rollback, wait")
                .isEqualTo(VersionGate.Decision.WAIT);
        assertThat(gate.shouldCheck(0)).isTrue();
        assertThat(gate.onAnswer(at(0), null)).isEqualTo(VersionGate.Decision.OPEN);
        assertThat(gate.isOpen()).isTrue();
        count(gate, 0, 11);
        assertThat(gate.aheadOfLearner(List.of()))
                .as("counting starts over at the rolled-back version")
                .isFalse();
    }
}
