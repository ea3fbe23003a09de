/** Held-out evaluation: greedy decoding on prompts that are never trained on. */
package dev.rivulet.jobs.eval;
