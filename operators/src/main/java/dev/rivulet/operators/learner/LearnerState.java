package dev.rivulet.operators.learner;

/**
 * The current learner's counters and pending batch: the operator's keyed value states, or fields in
 * tests. Every call is about the learner that is the current key.
 */
interface LearnerState {

    /** The counters, or null before the learner's first rollout. */
    LearnerMeta meta() throws Exception;

    void meta(LearnerMeta m) throws Exception;

    /** The batch sent and not yet acknowledged, or null. */
    PendingBatch pending() throws Exception;

    /** Records the batch out, or none when {@code p} is null. */
    void pending(PendingBatch p) throws Exception;
}
