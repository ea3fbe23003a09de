package dev.rivulet.operators.loop;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The RolloutLoop's Flink metrics under the {@code rivulet} group: five counters, and gauges that
 * read {@link LoopGauges}. The names are what dashboards and alert rules query.
 */
final class LoopMetrics {

    final Counter rolloutsEmitted;
    final Counter priorRollouts;
    final Counter groupsDropped;
    final Counter generateErrors;
    final Counter promptsRefused;

    private LoopMetrics(MetricGroup g, LoopGauges gauges) {
        rolloutsEmitted = g.counter("rollouts");
        priorRollouts = g.counter("prior_rollouts");
        groupsDropped = g.counter("groups_dropped");
        generateErrors = g.counter("generate_errors");
        promptsRefused = g.counter("prompts_refused");
        g.gauge("reward_mean", gauges::rewardMean);
        g.gauge("policy_version", gauges::policyVersion);
        g.gauge("inflight_requests", gauges::inflight);
        g.gauge("rollouts_per_prompt", gauges::rolloutsPerPrompt);
    }

    /** Registers the loop's metrics in {@code group}. */
    static LoopMetrics register(MetricGroup group, LoopGauges gauges) {
        return new LoopMetrics(group, gauges);
    }
}
