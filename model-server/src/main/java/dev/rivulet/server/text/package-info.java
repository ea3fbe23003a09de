/**
 * Text side of Hugging Face checkpoints: the {@code tokenizer.json} tokenizer (through DJL's
 * bundled Rust tokenizers library), the Jinja chat template of {@code tokenizer_config.json}
 * (rendered by Jinjava with the Python-isms that real templates use), the prompt format (raw or
 * chat) and the demo's character vocabulary written as a {@code tokenizer.json}.
 *
 * <p>Known gaps of the Jinja rendering, none met by the Llama 3, Qwen2 and Qwen3 templates: a dict
 * literal that closes right before the end of an expression needs a space before it; a step slice
 * must be the last step of its chain ({@code x[::-1][0]} is not supported); printing {@code none}
 * gives an empty string, not {@code None}; booleans inside a printed list stay lower case.
 */
package dev.rivulet.server.text;
