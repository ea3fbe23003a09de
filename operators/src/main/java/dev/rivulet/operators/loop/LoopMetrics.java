package dev.rivulet.operators.loop;

import dev.rivulet.protocol.fleet.EndpointStatus;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The RolloutLoop's Flink metrics under the {@code rivulet} group: seven counters, and gauges that
 * read {@link LoopGauges}, one per reward part and task among them (registered as the pairs first
 * appear). The names are what dashboards and alert rules query.
 */
final class LoopMetrics {

    final Counter rolloutsEmitted;
    final Counter priorRollouts;
    final Counter groupsDropped;
    final Counter generateErrors;
    final Counter promptsRefused;
    final Counter segmentContinuations;
    final Counter segmentErrors;

    private final MetricGroup group;
    private final LoopGauges gauges;

    private LoopMetrics(MetricGroup g, LoopGauges gauges) {
        this.group = g;
        this.gauges = gauges;
        rolloutsEmitted = g.counter("rollouts");
        priorRollouts = g.counter("prior_rollouts");
        groupsDropped = g.counter("groups_dropped");
        generateErrors = g.counter("generate_errors");
        promptsRefused = g.counter("prompts_refused");
        segmentContinuations = g.counter("segment_continuations");
        segmentErrors = g.counter("segment_errors");
        g.gauge("reward_mean", gauges::rewardMean);
        g.gauge("policy_version", gauges::policyVersion);
        g.gauge("inflight_requests", gauges::inflight);
        g.gauge("rollouts_per_prompt", gauges::rolloutsPerPrompt);
    }

    /**
     * Counts a scored {@code call}: its emitted rollouts, its prior rollouts, the groups dynamic
     * sampling dropped, and the reward parts of its visits (a new (task, part) pair gets its
     * gauge).
     */
    void scored(InflightCall call, ScoredCall scored) {
        rolloutsEmitted.inc(scored.emitted());
        if (call.prior()) {
            priorRollouts.inc(scored.generated());
        }
        groupsDropped.inc(scored.dropped());
        gauges.record(scored).forEach(this::rewardPart);
    }

    /**
     * Registers the gauge of a (task, reward part) pair: {@code reward_part} with the variables
     * {@code task} and {@code part} (in Prometheus {@code
     * flink_taskmanager_job_task_operator_rivulet_task_part_reward_part{task, part}}: Flink puts
     * the variables' keys into the name).
     */
    void rewardPart(RewardPartMeans.Key key) {
        group.addGroup("task", key.task())
                .addGroup("part", key.part())
                .gauge("reward_part", () -> gauges.rewardPart(key));
    }

    /**
     * Registers the gauges of a fleet's generators: {@code fleet_generators} (those taking calls),
     * {@code fleet_generators_down}, {@code fleet_generators_retiring} (left the fleet, finishing
     * their calls), {@code fleet_outstanding_calls} (summed over all of them) and {@code
     * fleet_membership_changes} (generators that joined or left since the loop opened).
     */
    void fleet(Supplier<List<EndpointStatus>> status, LongSupplier membershipChanges) {
        group.gauge(
                "fleet_generators",
                () -> (int) status.get().stream().filter(s -> !s.retiring()).count());
        group.gauge(
                "fleet_generators_down",
                () -> (int) status.get().stream().filter(s -> s.down() && !s.retiring()).count());
        group.gauge(
                "fleet_generators_retiring",
                () -> (int) status.get().stream().filter(EndpointStatus::retiring).count());
        group.gauge(
                "fleet_outstanding_calls",
                () -> status.get().stream().mapToInt(EndpointStatus::outstanding).sum());
        group.gauge("fleet_membership_changes", membershipChanges::getAsLong);
    }

    /** Registers the loop's metrics in {@code group}. */
    static LoopMetrics register(MetricGroup group, LoopGauges gauges) {
        return new LoopMetrics(group, gauges);
    }
}
