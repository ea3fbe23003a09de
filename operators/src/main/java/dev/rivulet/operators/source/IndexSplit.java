package dev.rivulet.operators.source;

import org.apache.flink.api.connector.source.SourceSplit;

/**
 * The single split of a {@link SequencePromptSource}: the next index to emit.
 *
 * @param next the index of the next prompt to emit
 */
public record IndexSplit(long next) implements SourceSplit {

    static final String ID = "sequence-0";

    @Override
    public String splitId() {
        return ID;
    }
}
