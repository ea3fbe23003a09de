package dev.rivulet.server.loss;

/** How a REC-family loss weights the advantage of a token. */
public enum RecWeight {
    /** A' = A. */
    NONE,
    /** A' = A·ρ (ρ detached). */
    IS,
    /** A' = A·exp(A/T). */
    ADVANTAGE;

    /** Parses {@code none}, {@code is} or {@code advantage}. */
    public static RecWeight parse(String s) {
        for (RecWeight w : values()) {
            if (w.name().equalsIgnoreCase(s)) {
                return w;
            }
        }
        throw new IllegalArgumentException(
                "unknown rec weight '" + s + "'; known: none, is, advantage");
    }
}
