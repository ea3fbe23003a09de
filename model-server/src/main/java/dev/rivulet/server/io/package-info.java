/**
 * Durable files: atomic directory publication with fsync, and safetensors checkpoints (read
 * memory-mapped and widened to float32, single or sharded; written as F32 or BF16).
 */
package dev.rivulet.server.io;
