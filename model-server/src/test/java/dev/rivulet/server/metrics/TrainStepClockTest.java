package dev.rivulet.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The time inside training steps against a fake clock, and the two metrics that publish it: the
 * wait before a step (the model lock) does not count, the step does, also when it fails.
 */
class TrainStepClockTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void onlyTheTimeInsideStepsCountsTowardsBusy() {
        TrainStepClock clock = new TrainStepClock(now::get);
        now.addAndGet(3_000_000_000L); // 3 s waiting for the lock behind generation
        clock.time(
                () -> {
                    now.addAndGet(1_000_000_000L); // a 1 s step
                    return null;
                });
        assertThat(clock.steps()).isEqualTo(1);
        assertThat(clock.stepSeconds()).isEqualTo(1.0);
        assertThat(clock.wallSeconds()).isEqualTo(4.0);
        assertThat(clock.busyFraction()).isEqualTo(0.25);
    }

    @Test
    void aFailedStepCountsTooAndAddedStepsAreChecked() {
        TrainStepClock clock = new TrainStepClock(now::get);
        assertThat(clock.busyFraction()).as("no wall time yet").isZero();
        assertThatThrownBy(
                        () ->
                                clock.time(
                                        () -> {
                                            now.addAndGet(500_000_000L);
                                            throw new IllegalStateException("boom");
                                        }))
                .hasMessage("boom");
        clock.add(1_500_000_000L);
        now.addAndGet(3_500_000_000L);
        assertThat(clock.steps()).isEqualTo(2);
        assertThat(clock.stepSeconds()).isEqualTo(2.0);
        assertThat(clock.busyFraction()).isEqualTo(0.5);
        assertThatThrownBy(() -> clock.add(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a step cannot last -1 ns");
    }

    @Test
    void theMetricsReadTheClock() {
        PrometheusRegistry registry = new PrometheusRegistry();
        TrainStepClock clock = new TrainStepClock(now::get);
        new ServerMetrics(registry, () -> 0, () -> 0L, () -> Double.NaN, () -> Double.NaN, clock);
        clock.add(2_000_000_000L);
        now.addAndGet(8_000_000_000L);

        assertThat(counter(registry, "rivulet_server_train_step_seconds")).isEqualTo(2.0);
        assertThat(gauge(registry, "rivulet_server_learner_busy_fraction")).isEqualTo(0.25);
    }

    @Test
    void withoutAClockTheStepMetricsAreNotRegistered() {
        PrometheusRegistry registry = new PrometheusRegistry();
        new ServerMetrics(registry, () -> 0, () -> 0L);
        assertThat(registry.scrape().stream().map(s -> s.getMetadata().getName()))
                .doesNotContain(
                        "rivulet_server_train_step_seconds",
                        "rivulet_server_learner_busy_fraction");
    }

    private static MetricSnapshot snapshot(PrometheusRegistry registry, String name) {
        return registry.scrape().stream()
                .filter(s -> s.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name));
    }

    private static double counter(PrometheusRegistry registry, String name) {
        return ((CounterSnapshot) snapshot(registry, name)).getDataPoints().get(0).getValue();
    }

    private static double gauge(PrometheusRegistry registry, String name) {
        return ((GaugeSnapshot) snapshot(registry, name)).getDataPoints().get(0).getValue();
    }
}
