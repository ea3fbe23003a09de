package dev.rivulet.protocol;

/**
 * What one train call did: the new policy version and the update's statistics.
 *
 * <p>The loss and statistics are reported as computed, NaN included, so that monitoring can see a
 * diverging update.
 *
 * @param batchId the batch this answers
 * @param policyVersion the policy version after the update
 * @param loss the policy loss
 * @param klBehaviour estimated KL divergence from the behaviour policy
 * @param entropy mean token entropy
 * @param clipFraction share of tokens whose ratio was clipped
 * @param gradNorm gradient norm before clipping
 * @param tokens number of response tokens trained on, {@code >= 0}
 * @param samples number of rollouts trained on, {@code >= 0}
 * @param duplicate true when the batch id had been applied before and nothing changed
 */
public record TrainResult(
        String batchId,
        long policyVersion,
        double loss,
        double klBehaviour,
        double entropy,
        double clipFraction,
        double gradNorm,
        int tokens,
        int samples,
        boolean duplicate) {

    public TrainResult {
        Checks.notEmpty(batchId, "batchId");
        Checks.nonNegative(policyVersion, "policyVersion");
        Checks.nonNegative(tokens, "tokens");
        Checks.nonNegative(samples, "samples");
    }

    /** The same result marked as a repeat of an already applied batch. */
    public TrainResult asDuplicate() {
        return new TrainResult(
                batchId,
                policyVersion,
                loss,
                klBehaviour,
                entropy,
                clipFraction,
                gradNorm,
                tokens,
                samples,
                true);
    }
}
