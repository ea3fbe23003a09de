package dev.rivulet.server.generate;

/** How the generator computes each step's logits. */
public enum DecodeMode {
    /** Keys and values of earlier tokens are kept; each step feeds one token per row. */
    CACHED,
    /** Every step runs the full forward pass over the whole prefix (reference and benchmark). */
    RECOMPUTE
}
