package dev.rivulet.server.learn;

/**
 * What one learner step did.
 *
 * @param loss total loss (policy loss plus β·KL to the reference)
 * @param klBehaviour k3 estimate of KL(behaviour ‖ current) over the response tokens, before the
 *     update
 * @param klReference k3 estimate of KL(current ‖ reference), 0 when no reference is used
 * @param entropy mean entropy of the current policy over the response tokens
 * @param clipFraction share of tokens whose policy-gradient term was clipped or masked
 * @param gradNorm global gradient norm before clipping
 * @param tokens response tokens trained on
 * @param samples sequences trained on
 * @param klBeta the weight β of the KL to the reference this step applied (its schedule's value at
 *     this step; 0 when no reference is used)
 */
public record StepStats(
        double loss,
        double klBehaviour,
        double klReference,
        double entropy,
        double clipFraction,
        double gradNorm,
        long tokens,
        int samples,
        double klBeta) {

    /** Statistics of a step without a KL to the reference (β = 0). */
    public StepStats(
            double loss,
            double klBehaviour,
            double klReference,
            double entropy,
            double clipFraction,
            double gradNorm,
            long tokens,
            int samples) {
        this(loss, klBehaviour, klReference, entropy, clipFraction, gradNorm, tokens, samples, 0);
    }
}
