package dev.rivulet.server.state;

/**
 * Where a rollout was trained.
 *
 * @param rolloutId the rollout
 * @param batchId the micro-batch that carried it
 * @param version the policy version that training produced
 */
public record LedgerRecord(String rolloutId, String batchId, long version) {}
