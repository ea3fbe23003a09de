package dev.rivulet.operators.learner;

import dev.rivulet.operators.telemetry.LearnerStepEvent;

/**
 * The values of the LearnerSink's gauges (except the policy version, which {@link CommitProtocol}
 * keeps): written on the task thread as the learner's counters change, read by the metric
 * reporter's thread.
 */
final class LearnerGauges {

    private volatile long buffered;
    private volatile long droppedStale;
    private volatile double effectiveGradientRatio;
    private volatile double stalenessMean;
    private volatile long trained;
    private volatile long rejected;

    /** A learner's counters as its state was restored. */
    void restored(LearnerMeta m) {
        buffered = m.buffered();
        droppedStale = m.droppedStale();
        trained = m.trained();
    }

    /** The buffer changed size (a rollout came in). */
    void buffered(LearnerMeta m) {
        buffered = m.buffered();
    }

    /** Stale or exhausted rollouts left the buffer before a batch was formed. */
    void pruned(LearnerMeta m) {
        buffered = m.buffered();
        droppedStale = m.droppedStale();
    }

    /** A step was acknowledged. */
    void stepped(StepAccounting.Step step) {
        LearnerStepEvent.Batch batch = step.event().batch();
        buffered = step.meta().buffered();
        trained = step.meta().trained();
        effectiveGradientRatio = batch.effectiveGradientRatio();
        stalenessMean = batch.stalenessMean();
    }

    /** A batch was refused and its rollouts left. */
    void refused(LearnerMeta m) {
        buffered = m.buffered();
        rejected = m.rejected();
    }

    long buffered() {
        return buffered;
    }

    long droppedStale() {
        return droppedStale;
    }

    double effectiveGradientRatio() {
        return effectiveGradientRatio;
    }

    double stalenessMean() {
        return stalenessMean;
    }

    long trained() {
        return trained;
    }

    long rejected() {
        return rejected;
    }
}
