package dev.rivulet.algo.reward;

import dev.rivulet.protocol.Prompt;

/**
 * A reward function whose answers are lists and that can score each rank of a response on its own
 * (the {@code rank} advantage reads it). Same contract as {@link RewardFunction#reward}: never
 * throws, stateless, thread-safe.
 */
public interface ListReward {

    /**
     * The per-rank hits of {@code response} and the item of each of its characters; a response or
     * reference that cannot be read gives no hits (every rank 0.0) but still maps its characters.
     */
    ListHits listHits(String response, Prompt prompt);
}
