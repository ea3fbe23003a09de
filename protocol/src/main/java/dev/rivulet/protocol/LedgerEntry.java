package dev.rivulet.protocol;

/**
 * One line of the server's training ledger: a rollout was trained in a batch that produced a policy
 * version.
 *
 * @param rolloutId the rollout trained
 * @param batchId the batch it was trained in
 * @param policyVersion the policy version that batch produced
 */
public record LedgerEntry(String rolloutId, String batchId, long policyVersion) {

    public LedgerEntry {
        Checks.notEmpty(rolloutId, "rolloutId");
        Checks.notEmpty(batchId, "batchId");
        Checks.nonNegative(policyVersion, "policyVersion");
    }
}
