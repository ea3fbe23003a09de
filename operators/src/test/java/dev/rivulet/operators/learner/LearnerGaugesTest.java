package dev.rivulet.operators.learner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.operators.telemetry.LearnerStepEvent;
import org.junit.jupiter.api.Test;

/** Each change of the counters shows on the gauges it concerns, and only there. */
class LearnerGaugesTest {

    @Test
    void eachChangeUpdatesItsGauges() {
        LearnerGauges g = new LearnerGauges();
        g.restored(new LearnerMeta(9, 2, 3, 30, 4, 5, 2, 7));
        assertThat(g.buffered()).isEqualTo(5);
        assertThat(g.droppedStale()).isEqualTo(4);
        assertThat(g.trained()).isEqualTo(30);
        assertThat(g.rejected()).as("not shown on restore, as before").isZero();

        g.buffered(new LearnerMeta(10, 2, 3, 30, 4, 6, 2, 7));
        assertThat(g.buffered()).isEqualTo(6);
        g.pruned(new LearnerMeta(10, 2, 3, 30, 6, 4, 2, 7));
        assertThat(g.droppedStale()).isEqualTo(6);
        assertThat(g.buffered()).isEqualTo(4);
        g.refused(new LearnerMeta(10, 2, 3, 30, 6, 2, 2, 9));
        assertThat(g.rejected()).isEqualTo(9);
        assertThat(g.buffered()).isEqualTo(2);

        LearnerMeta after = new LearnerMeta(10, 3, 4, 32, 6, 0, 3, 9);
        g.stepped(
                new StepAccounting.Step(
                        after,
                        new LearnerStepEvent(
                                new LearnerStepEvent.Id(0, "b", 4),
                                new LearnerStepEvent.Losses(0, 0, 0, 0, 0),
                                new LearnerStepEvent.Batch(2, 4, 0.5, 1.5, 2, 1),
                                new LearnerStepEvent.Progress(0, 6, 1, false, 10))));
        assertThat(g.buffered()).isZero();
        assertThat(g.trained()).isEqualTo(32);
        assertThat(g.effectiveGradientRatio()).isEqualTo(0.5);
        assertThat(g.stalenessMean()).isEqualTo(1.5);
    }
}
