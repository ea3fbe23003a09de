package dev.rivulet.operators.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.algo.track.TrackerState;
import dev.rivulet.operators.telemetry.RolloutEvent;
import dev.rivulet.protocol.fleet.EndpointStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoopGaugesTest {

    private static final TrackerState TRACKER =
            LoopStrategies.from(LoopTestData.config(1, 1, 1, false, false)).tracker().initial();

    private static RolloutEvent event(double reward, long version) {
        return new RolloutEvent(
                0, "r", "p", "arith", 1, 0, reward, 0, version, 2, 2, false, "STOP");
    }

    private static ScoredCall.Visit visit(long rollouts, RolloutEvent... events) {
        PromptState next =
                new PromptState(
                        LoopTestData.prompt("p", 1),
                        TRACKER,
                        1,
                        rollouts,
                        0,
                        new int[0],
                        new int[0],
                        new float[0]);
        return new ScoredCall.Visit("p", new ScoredVisit(next, List.of(), List.of(events), false));
    }

    @Test
    void takesTheMeanRewardAndLastRolloutCountOfACallAndTheNewestVersionEver() {
        LoopGauges gauges = new LoopGauges();
        gauges.record(
                new ScoredCall(List.of(visit(4, event(1, 3), event(0, 3)), visit(6, event(1, 2)))));
        assertThat(gauges.rewardMean()).isEqualTo(2.0 / 3);
        assertThat(gauges.rolloutsPerPrompt()).isEqualTo(6.0);
        assertThat(gauges.policyVersion()).isEqualTo(3);

        gauges.record(new ScoredCall(List.of(visit(8, event(0, 1)))));
        assertThat(gauges.rewardMean()).isZero();
        assertThat(gauges.rolloutsPerPrompt()).isEqualTo(8.0);
        assertThat(gauges.policyVersion()).as("never goes back").isEqualTo(3);
    }

    @Test
    void rewardPartsGetARunningMeanPerTaskAndTheirGaugesAreRegisteredOnce() {
        LoopGauges gauges = new LoopGauges();
        java.util.Map<String, org.apache.flink.metrics.Gauge<?>> registered =
                new java.util.LinkedHashMap<>();
        LoopMetrics metrics = LoopMetrics.register(group(registered, ""), gauges);
        RolloutEvent a =
                new RolloutEvent(
                        0,
                        "r",
                        "p",
                        "arith",
                        1,
                        0,
                        1,
                        0,
                        1,
                        2,
                        2,
                        false,
                        "STOP",
                        java.util.Map.of("correctness", 1.0),
                        RolloutEvent.TRAIN);
        RolloutEvent b =
                new RolloutEvent(
                        0,
                        "s",
                        "p",
                        "arith",
                        1,
                        0,
                        0,
                        0,
                        1,
                        2,
                        2,
                        false,
                        "STOP",
                        java.util.Map.of("correctness", 0.0),
                        RolloutEvent.TRAIN);
        gauges.record(new ScoredCall(List.of(visit(2, a, b)))).forEach(metrics::rewardPart);
        gauges.record(new ScoredCall(List.of(visit(1, a)))).forEach(metrics::rewardPart);
        assertThat(registered.keySet()).contains("task=arith/part=correctness/reward_part");
        assertThat(registered.keySet().stream().filter(k -> k.endsWith("reward_part"))).hasSize(1);
        assertThat(registered.get("task=arith/part=correctness/reward_part").getValue())
                .isEqualTo(2.0 / 3);
    }

    @Test
    void fleetGaugesCountRetiringGeneratorsApartAndTheMembershipChanges() {
        java.util.Map<String, org.apache.flink.metrics.Gauge<?>> registered =
                new java.util.LinkedHashMap<>();
        LoopMetrics metrics = LoopMetrics.register(group(registered, ""), new LoopGauges());
        metrics.fleet(
                () ->
                        List.of(
                                new EndpointStatus("10.0.0.6:8815", 2, false, 0),
                                new EndpointStatus("10.0.0.7:8815", 0, true, 1),
                                new EndpointStatus("10.0.0.5:8815", 1, true, 1, true)),
                () -> 3L);
        assertThat(registered.get("fleet_generators").getValue()).isEqualTo(2);
        assertThat(registered.get("fleet_generators_down").getValue()).isEqualTo(1);
        assertThat(registered.get("fleet_generators_retiring").getValue()).isEqualTo(1);
        assertThat(registered.get("fleet_outstanding_calls").getValue()).isEqualTo(3);
        assertThat(registered.get("fleet_membership_changes").getValue()).isEqualTo(3L);
    }

    /** A metric group that records gauges by their path ({@code key=value/.../name}). */
    private static org.apache.flink.metrics.MetricGroup group(
            java.util.Map<String, org.apache.flink.metrics.Gauge<?>> registered, String path) {
        return new org.apache.flink.metrics.groups.UnregisteredMetricsGroup() {
            @Override
            public <T, G extends org.apache.flink.metrics.Gauge<T>> G gauge(String name, G g) {
                registered.put(path + name, g);
                return g;
            }

            @Override
            public org.apache.flink.metrics.MetricGroup addGroup(String key, String value) {
                return group(registered, path + key + "=" + value + "/");
            }
        };
    }

    @Test
    void aCallWithoutSamplesLeavesTheGaugesAsTheyAre() {
        LoopGauges gauges = new LoopGauges();
        gauges.record(new ScoredCall(List.of(visit(4, event(1, 3)))));
        gauges.record(new ScoredCall(List.of()));
        assertThat(gauges.rewardMean()).isEqualTo(1.0);
        assertThat(gauges.rolloutsPerPrompt()).isEqualTo(4.0);
        gauges.inflight(2);
        assertThat(gauges.inflight()).isEqualTo(2);
    }
}
