/**
 * Text side of Hugging Face checkpoints: the {@code tokenizer.json} tokenizer (through DJL's
 * bundled Rust tokenizers library), the Jinja chat template of {@code tokenizer_config.json}
 * (rendered by Jinjava with the Python-isms that real templates use), the prompt format (raw or
 * chat) and the demo's character vocabulary written as a {@code tokenizer.json}.
 */
package dev.rivulet.server.text;
