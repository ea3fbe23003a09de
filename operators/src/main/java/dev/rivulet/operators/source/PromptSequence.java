package dev.rivulet.operators.source;

import dev.rivulet.protocol.Prompt;
import java.io.Serializable;

/**
 * A deterministic, index-addressable sequence of prompts: {@code get(i)} is the same prompt in
 * every run and after every restore, so a source only needs to checkpoint its next index.
 */
public interface PromptSequence extends Serializable {

    /** How many prompts the sequence has. */
    long size();

    /** Prompt number {@code index}, {@code 0 <= index < size()}. */
    Prompt get(long index);
}
