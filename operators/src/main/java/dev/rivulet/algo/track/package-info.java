/**
 * Per-prompt value trackers (beta-kl for SPO, reward-history for Knapsack, beta-decay for VADE)
 * over one plain, Flink-serialisable {@link dev.rivulet.algo.track.TrackerState} record.
 */
package dev.rivulet.algo.track;
