package dev.rivulet.operators.telemetry;

/**
 * One acknowledged learner step, as the SQL table {@code learner_steps} sees it.
 *
 * @param ts wall-clock milliseconds when the result arrived
 * @param batchId deterministic batch id
 * @param policyVersion version after the step
 * @param loss training loss
 * @param kl KL(behaviour ‖ current) estimate
 * @param entropy mean token entropy
 * @param clipFraction share of clipped tokens
 * @param gradNorm gradient norm before clipping
 * @param samples rollouts in the batch
 * @param tokens response tokens in the batch
 * @param effectiveGradientRatio share of rollouts with a non-zero advantage
 * @param stalenessMean mean policy-version lag of the batch's rollouts
 * @param stalenessMax largest lag in the batch
 * @param rewardMean mean reward of the batch
 * @param bufferSize rollouts left in the replay buffer
 * @param droppedStale rollouts dropped as stale so far
 * @param trainMillis time from send to acknowledgement
 * @param duplicate true when the server had already applied this batch id
 * @param received distinct rollouts the learner has buffered so far (trained, dropped as stale, or
 *     still buffered), for the exactly-once accounting of {@code rivulet chaos}
 */
public record LearnerStepEvent(
        long ts,
        String batchId,
        long policyVersion,
        double loss,
        double kl,
        double entropy,
        double clipFraction,
        double gradNorm,
        int samples,
        int tokens,
        double effectiveGradientRatio,
        double stalenessMean,
        long stalenessMax,
        double rewardMean,
        long bufferSize,
        long droppedStale,
        long trainMillis,
        boolean duplicate,
        long received) {

    /** An event without the {@code received} count (0). */
    public LearnerStepEvent(
            long ts,
            String batchId,
            long policyVersion,
            double loss,
            double kl,
            double entropy,
            double clipFraction,
            double gradNorm,
            int samples,
            int tokens,
            double effectiveGradientRatio,
            double stalenessMean,
            long stalenessMax,
            double rewardMean,
            long bufferSize,
            long droppedStale,
            long trainMillis,
            boolean duplicate) {
        this(
                ts,
                batchId,
                policyVersion,
                loss,
                kl,
                entropy,
                clipFraction,
                gradNorm,
                samples,
                tokens,
                effectiveGradientRatio,
                stalenessMean,
                stalenessMax,
                rewardMean,
                bufferSize,
                droppedStale,
                trainMillis,
                duplicate,
                0);
    }
}
