package dev.rivulet.server.loss;

/** How a REC-family loss weights the advantage of a token. */
public enum RecWeight {
    /** A' = A. */
    NONE,
    /** A' = A·ρ (ρ detached). */
    IS,
    /** A' = A·exp(A/T). */
    ADVANTAGE
}
