/**
 * Replay and staleness policies for the learner's buffer: which rollouts to train on next, which to
 * drop as too stale and which to evict as fully reused.
 */
package dev.rivulet.algo.replay;
