package dev.rivulet.server.service;

/**
 * What a {@link DjlPolicyService} holds for its model, in bytes ({@link
 * DjlPolicyService#footprint()}): the parameters every role needs, and the learner state only a
 * learner uses.
 *
 * @param parameterBytes the policy's parameter arrays (on the model's device)
 * @param optimizerBytes AdamW's two moments (on the model's device); 0 for a generation-only
 *     service
 * @param referenceBytes the frozen reference policy of a KL term or a loss that reads it; 0 without
 *     one
 * @param snapshotBytes the held version snapshots (weights and moments as Java arrays, for
 *     rollback, commit and weight shipping); 0 for a generation-only service
 */
public record ModelFootprint(
        long parameterBytes, long optimizerBytes, long referenceBytes, long snapshotBytes) {

    /** Everything but the parameters: what a generator does without. */
    public long learnerStateBytes() {
        return optimizerBytes + referenceBytes + snapshotBytes;
    }

    /** Parameters and learner state together. */
    public long totalBytes() {
        return parameterBytes + learnerStateBytes();
    }
}
