package dev.rivulet.server.service;

/**
 * What the ledger holds in memory ({@link DjlPolicyService#ledgerFootprint()}).
 *
 * @param rollouts rollout entries in the window
 * @param batches batch entries in the window
 * @param results remembered train results
 * @param horizon versions up to this one are archived
 * @param archivedRollouts rollouts archived (or, without a checkpoint directory, dropped)
 */
public record LedgerFootprint(
        int rollouts, int batches, int results, long horizon, long archivedRollouts) {}
