package dev.rivulet.operators.learner;

import dev.rivulet.operators.telemetry.LearnerStepEvent;

/**
 * The values behind the LearnerSink's metrics (except the policy version, which {@link
 * CommitProtocol} keeps): gauges of the learner's current state, and counts of what this task did
 * since it started. Written on the task thread, read by the metric reporter's thread.
 *
 * <p>The counts are not restored from Flink state: a restarted task counts from 0 again, which
 * Prometheus' {@code rate()} and {@code increase()} read as a counter reset. The learners' totals
 * since the job began stay in their state ({@link LearnerMeta}) and telemetry.
 */
final class LearnerMetrics {

    private volatile long buffered;
    private volatile double effectiveGradientRatio;
    private volatile double stalenessMean;
    private volatile long droppedStale;
    private volatile long trained;
    private volatile long rejected;
    private volatile long trainErrors;

    /** A learner's state was restored: its buffer is what the gauge shows. */
    void restored(LearnerMeta m) {
        buffered = m.buffered();
    }

    /** The buffer changed size (a rollout came in). */
    void buffered(LearnerMeta m) {
        buffered = m.buffered();
    }

    /** {@code stale} rollouts were dropped for staleness before a batch was formed. */
    void pruned(LearnerMeta m, long stale) {
        buffered = m.buffered();
        droppedStale += stale;
    }

    /** A step was acknowledged. */
    void stepped(StepAccounting.Step step) {
        LearnerStepEvent.Batch batch = step.event().batch();
        buffered = step.meta().buffered();
        trained += batch.samples();
        effectiveGradientRatio = batch.effectiveGradientRatio();
        stalenessMean = batch.stalenessMean();
    }

    /** A batch was given up and its {@code removed} rollouts left as dead letters. */
    void refused(LearnerMeta m, long removed) {
        buffered = m.buffered();
        rejected += removed;
    }

    /** A train call failed (any error: refused, internal, unavailable, deadline). */
    void trainFailed() {
        trainErrors++;
    }

    long buffered() {
        return buffered;
    }

    double effectiveGradientRatio() {
        return effectiveGradientRatio;
    }

    double stalenessMean() {
        return stalenessMean;
    }

    /** Rollouts dropped for staleness since the task started. */
    long droppedStale() {
        return droppedStale;
    }

    /** Rollouts trained since the task started (counting reuse). */
    long trained() {
        return trained;
    }

    /** Rollouts of given-up batches since the task started. */
    long rejected() {
        return rejected;
    }

    /** Failed train calls since the task started. */
    long trainErrors() {
        return trainErrors;
    }
}
