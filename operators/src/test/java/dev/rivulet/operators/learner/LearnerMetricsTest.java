package dev.rivulet.operators.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.operators.telemetry.LearnerStepEvent;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/**
 * Each change shows on the metrics it concerns, and only there; the cumulative counts are counters
 * that count from 0 in a task (a restore does not bring back the state's totals), and the
 * LearnerSink registers them as Flink counters named {@code *_total}.
 */
class LearnerMetricsTest {

    @Test
    void eachChangeUpdatesItsMetrics() {
        LearnerMetrics g = new LearnerMetrics();
        g.restored(new LearnerMeta(9, 2, 3, 30, 4, 5, 2, 7));
        assertThat(g.buffered()).isEqualTo(5);
        assertThat(g.droppedStale()).as("counts start at 0 in a task, restored or not").isZero();
        assertThat(g.trained()).isZero();
        assertThat(g.rejected()).isZero();

        g.buffered(new LearnerMeta(10, 2, 3, 30, 4, 6, 2, 7));
        assertThat(g.buffered()).isEqualTo(6);
        g.pruned(new LearnerMeta(10, 2, 3, 30, 6, 4, 2, 7), 2);
        g.pruned(new LearnerMeta(10, 2, 3, 30, 7, 3, 2, 7), 1);
        assertThat(g.droppedStale()).isEqualTo(3);
        assertThat(g.buffered()).isEqualTo(3);
        g.refused(new LearnerMeta(10, 2, 3, 30, 7, 1, 2, 9), 2);
        assertThat(g.rejected()).isEqualTo(2);
        assertThat(g.buffered()).isEqualTo(1);
        g.trainFailed();
        g.trainFailed();
        assertThat(g.trainErrors()).isEqualTo(2);

        g.stepped(step(new LearnerMeta(10, 3, 4, 32, 7, 0, 3, 9), 2));
        g.stepped(step(new LearnerMeta(10, 4, 5, 35, 7, 0, 4, 9), 3));
        assertThat(g.buffered()).isZero();
        assertThat(g.trained()).isEqualTo(5);
        assertThat(g.effectiveGradientRatio()).isEqualTo(0.5);
        assertThat(g.stalenessMean()).isEqualTo(1.5);
        assertThat(g.droppedStale()).isEqualTo(3);
        assertThat(g.rejected()).isEqualTo(2);
    }

    @Test
    void theSinkRegistersCountersForTheCumulativeCounts() {
        Map<String, Metric> registered = new HashMap<>();
        UnregisteredMetricsGroup group =
                new UnregisteredMetricsGroup() {
                    @Override
                    public <C extends Counter> C counter(String name, C counter) {
                        registered.put(name, counter);
                        return counter;
                    }

                    @Override
                    public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
                        registered.put(name, gauge);
                        return gauge;
                    }
                };
        LearnerMetrics m = new LearnerMetrics();
        LearnerSinkOperator.register(group, m, () -> 7L);
        m.pruned(new LearnerMeta(0, 0, 0, 0, 3, 0, 0, 0), 3);
        m.refused(new LearnerMeta(0, 0, 0, 0, 3, 0, 0, 2), 2);
        m.trainFailed();
        m.stepped(step(new LearnerMeta(0, 1, 1, 4, 3, 0, 1, 2), 4));

        assertThat(registered)
                .containsOnlyKeys(
                        "policy_version",
                        "buffer_size",
                        "effective_gradient_ratio",
                        "staleness_mean",
                        "dropped_stale_total",
                        "rollouts_trained_total",
                        "rollouts_rejected_total",
                        "train_errors_total");
        assertThat(count(registered, "dropped_stale_total")).isEqualTo(3);
        assertThat(count(registered, "rollouts_rejected_total")).isEqualTo(2);
        assertThat(count(registered, "train_errors_total")).isEqualTo(1);
        assertThat(count(registered, "rollouts_trained_total")).isEqualTo(4);
        assertThat(((Gauge<?>) registered.get("policy_version")).getValue()).isEqualTo(7L);
        Counter c = (Counter) registered.get("rollouts_trained_total");
        assertThatThrownBy(c::inc).isInstanceOf(UnsupportedOperationException.class);
    }

    private static long count(Map<String, Metric> registered, String name) {
        assertThat(registered.get(name)).as(name).isInstanceOf(Counter.class);
        return ((Counter) registered.get(name)).getCount();
    }

    private static StepAccounting.Step step(LearnerMeta after, int samples) {
        return new StepAccounting.Step(
                after,
                new LearnerStepEvent(
                        new LearnerStepEvent.Id(0, "b", after.policyVersion()),
                        new LearnerStepEvent.Losses(0, 0, 0, 0, 0),
                        new LearnerStepEvent.Batch(samples, 4, 0.5, 1.5, 2, 1),
                        new LearnerStepEvent.Progress(0, 7, 1, false, 10)));
    }
}
