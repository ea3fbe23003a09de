/**
 * The policy: configuration, tokenizers and a small decoder-only transformer on DJL's PyTorch
 * engine, with a forward pass for training (per-token log-probs and entropies) and one for cached
 * decoding.
 */
package dev.rivulet.server.model;
