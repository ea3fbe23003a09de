package dev.rivulet.operators.loop;

/**
 * The values behind the RolloutLoop's gauges: the mean reward of the last scored call, the newest
 * policy version seen in its telemetry, the calls in flight and the last prompt's rollout count.
 * Written on the task thread, read by the metric reporters.
 */
final class LoopGauges {

    private volatile double rewardMean;
    private volatile long policyVersion;
    private volatile int inflight;
    private volatile double rolloutsPerPrompt;

    /** Takes the figures of a scored call; a call without samples leaves them as they are. */
    void record(ScoredCall scored) {
        scored.rewardMean().ifPresent(m -> rewardMean = m);
        scored.lastRolloutsPerPrompt().ifPresent(n -> rolloutsPerPrompt = n);
        policyVersion = Math.max(policyVersion, scored.maxEventVersion());
    }

    void inflight(int calls) {
        inflight = calls;
    }

    double rewardMean() {
        return rewardMean;
    }

    long policyVersion() {
        return policyVersion;
    }

    int inflight() {
        return inflight;
    }

    double rolloutsPerPrompt() {
        return rolloutsPerPrompt;
    }
}
