/**
 * The policy version and what depends on it: in-memory snapshots for commit and rollback, the
 * ledger of trained rollouts, and atomic on-disk checkpoints.
 */
package dev.rivulet.server.state;
