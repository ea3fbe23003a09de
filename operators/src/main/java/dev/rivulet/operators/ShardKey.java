package dev.rivulet.operators;

import dev.rivulet.protocol.Prompt;
import org.apache.flink.api.java.functions.KeySelector;

/** Assigns a prompt to one of N shards by a stable hash of its id. */
public final class ShardKey implements KeySelector<Prompt, Integer> {

    private static final long serialVersionUID = 1L;

    private final int shards;

    public ShardKey(int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be >= 1, got " + shards);
        }
        this.shards = shards;
    }

    @Override
    public Integer getKey(Prompt prompt) {
        return Math.floorMod(prompt.id().hashCode(), shards);
    }
}
