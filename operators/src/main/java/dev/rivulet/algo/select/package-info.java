/**
 * Prompt selectors that decide which prompts of a shard's pool to roll out next: uniform epochs,
 * Thompson sampling on Beta posteriors and SPO's priority sampling.
 */
package dev.rivulet.algo.select;
