package dev.rivulet.operators.loop;

/**
 * The values behind the RolloutLoop's gauges: the mean reward of the last scored call, the newest
 * policy version seen in its telemetry, the calls in flight, the last prompt's rollout count and
 * the running mean of each reward part per task. Written on the task thread, read by the metric
 * reporters.
 */
final class LoopGauges {

    private volatile double rewardMean;
    private volatile long policyVersion;
    private volatile int inflight;
    private volatile double rolloutsPerPrompt;

    private final RewardPartMeans partMeans = new RewardPartMeans();

    /**
     * Takes the figures of a scored call (a call without samples leaves them as they are); returns
     * the (task, reward part) pairs seen for the first time, whose gauges the caller registers.
     */
    java.util.List<RewardPartMeans.Key> record(ScoredCall scored) {
        scored.rewardMean().ifPresent(m -> rewardMean = m);
        scored.lastRolloutsPerPrompt().ifPresent(n -> rolloutsPerPrompt = n);
        policyVersion = Math.max(policyVersion, scored.maxEventVersion());
        return partMeans.record(scored.events().toList());
    }

    /** The running mean of a reward part of a task, NaN before its first sample. */
    double rewardPart(RewardPartMeans.Key key) {
        return partMeans.mean(key);
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
