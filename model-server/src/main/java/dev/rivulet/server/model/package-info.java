/**
 * The policy: a Hugging Face decoder (llama, qwen2, qwen3) on DJL's PyTorch engine with its
 * config.json ({@link dev.rivulet.server.model.PolicyConfig}), Hub-layout model directories ({@link
 * dev.rivulet.server.model.ModelDir}), a forward pass for training (per-token log-probs and
 * entropies) and one for cached decoding, and the tokenizers.
 */
package dev.rivulet.server.model;
