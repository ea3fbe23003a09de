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
 */
public record StepStats(
        double loss,
        double klBehaviour,
        double klReference,
        double entropy,
        double clipFraction,
        double gradNorm,
        long tokens,
        int samples) {}
