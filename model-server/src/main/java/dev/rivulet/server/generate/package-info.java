/**
 * Batched sampling of many prompts at once with a KV cache (or full recompute, the slow reference),
 * per-request seeds, temperature, top-p and stop tokens, returning the policy's own per-token
 * log-probs.
 */
package dev.rivulet.server.generate;
