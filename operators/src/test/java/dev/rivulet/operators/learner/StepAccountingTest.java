package dev.rivulet.operators.learner;

import static dev.rivulet.operators.learner.MapLearnerState.rollout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.operators.telemetry.LearnerStepEvent;
import dev.rivulet.protocol.TrainBatch;
import dev.rivulet.protocol.TrainResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batch forming and the accounting of a step, from the server's result to the step event. */
class StepAccountingTest {

    private static final LearnerMeta BEFORE = new LearnerMeta(20, 5, 3, 40, 2, 10, 9, 1);

    @Test
    void countersFollowTheBuffer() {
        assertThat(StepAccounting.buffered(BEFORE))
                .isEqualTo(new LearnerMeta(21, 5, 3, 40, 2, 11, 9, 1));
        assertThat(StepAccounting.pruned(BEFORE, new ReplayBuffer.Draw(List.of(), List.of(), 2, 1)))
                .isEqualTo(new LearnerMeta(20, 5, 3, 40, 4, 7, 9, 1));
        assertThat(StepAccounting.sent(BEFORE))
                .isEqualTo(new LearnerMeta(20, 6, 3, 40, 2, 10, 9, 1));
        assertThat(StepAccounting.refused(BEFORE, 4))
                .isEqualTo(new LearnerMeta(20, 5, 3, 40, 2, 6, 9, 5));
    }

    @Test
    void aBatchIsNamedByLearnerVersionAndNumberAndExpectsTheVersion() {
        ReplayBuffer.Draw draw =
                new ReplayBuffer.Draw(MapLearnerState.rollouts("r", 2, 3), List.of("r1"), 0, 0);
        PendingBatch p = new StepAccounting(true).form(7, BEFORE, draw, 1234);
        assertThat(p.batch().batchId()).isEqualTo("L7-v3-b5");
        assertThat(p.batch().baseVersion()).isEqualTo(3L);
        assertThat(p.batch().normalizeAdvantages()).isTrue();
        assertThat(p.batch().lineage()).isEmpty();
        assertThat(p.batch().rows()).isEqualTo(draw.rows());
        assertThat(p.lastUse()).containsExactly("r1");
        assertThat(p.sentAtMillis()).isEqualTo(1234L);
    }

    @Test
    void theResultBecomesTheStepEventAndTheNewCounters() {
        PendingBatch p =
                new PendingBatch(
                        new TrainBatch(
                                "L0-v3-b4",
                                List.of(
                                        rollout("a", 3, 1.0),
                                        rollout("b", 1, 0.0),
                                        rollout("c", 3, 1e-13),
                                        rollout("d", 0, -1.0)),
                                false),
                        List.of("a"),
                        1000);
        TrainResult result = new TrainResult("L0-v3-b4", 4, 0.25, 0.01, 0.9, 0.1, 1.5, 12, 4, true);
        StepAccounting.Step step = StepAccounting.accept(BEFORE, p, result, 1, 99_000, 1300);
        assertThat(step.meta()).isEqualTo(new LearnerMeta(20, 5, 4, 44, 2, 9, 10, 1));
        assertThat(step.event())
                .isEqualTo(
                        new LearnerStepEvent(
                                new LearnerStepEvent.Id(99_000, "L0-v3-b4", 4),
                                new LearnerStepEvent.Losses(0.25, 0.01, 0.9, 0.1, 1.5),
                                // lags 0, 2, 0, 3; two advantages are non-zero; rewards all 1
                                new LearnerStepEvent.Batch(4, 12, 0.5, 1.25, 3, 1.0),
                                new LearnerStepEvent.Progress(9, 2, 300, true, 20, 1)));
    }

    @Test
    void aResultAtAnotherVersionThanTheNextFailsTheTask() {
        PendingBatch p =
                new PendingBatch(
                        new TrainBatch("L0-v3-b4", MapLearnerState.rollouts("r", 1, 3), false),
                        List.of(),
                        0);
        TrainResult ok = new TrainResult("L0-v3-b4", 4, 0, 0, 0, 0, 0, 1, 1, false);
        TrainResult ahead = new TrainResult("L0-v3-b4", 6, 0, 0, 0, 0, 0, 1, 1, false);
        StepAccounting.requireNext(0, p, BEFORE, ok);
        assertThatThrownBy(() -> StepAccounting.requireNext(0, p, BEFORE, ahead))
                .isInstanceOf(ServerVersionMismatchException.class)
                .hasMessageContaining("made server version 6 but the state expects 4");
    }
}
