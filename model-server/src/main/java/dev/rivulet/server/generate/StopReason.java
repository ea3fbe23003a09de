package dev.rivulet.server.generate;

/** Why a sample ended. */
public enum StopReason {
    /** A stop token (EOS or a configured stop token) was sampled; it is the last token. */
    STOP,
    /** The new-token limit or the context length was reached. */
    LENGTH
}
