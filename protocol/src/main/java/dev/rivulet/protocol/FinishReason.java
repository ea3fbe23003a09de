package dev.rivulet.protocol;

/** Why generation of one completion stopped. */
public enum FinishReason {
    /** The policy emitted its end-of-sequence token. */
    STOP,
    /** The completion reached {@code maxNewTokens}. */
    LENGTH
}
